"""채점기 쪽의 확인: 커널이 적은 답 묶음을 읽어, 채점기 프로세스에서 확인 함수로 결과를 정한다.

답과 ``from_kernel`` 노트북 값만 커널에서 오고(``exercises.values`` 로 데이터만 옮긴다), 나머지 노트북 값은 문제가
선언한 출처(``exercises.sources``)에서 채점기가 다시 만든다. 확인 함수는 채점기가 가져온 패키지의 것이다:
커널 안에서 바꿔치기한 확인 함수는 여기에 닿지 않는다.
"""

from __future__ import annotations

import threading
from pathlib import Path

from mnist_lesson.exercises.core import CheckResult, Outcome

MAX_ENTRIES = 2000        # 커널이 적은 답 묶음을 이만큼까지만 본다


class TrustedValues:
    """믿을 수 있는 출처의 노트북 값을 한 번만 만든다(여러 학생이 같은 값을 쓴다). 확인 함수가 바꾸지 못하게 읽기 전용."""

    def __init__(self):
        self._values = {}
        self._lock = threading.Lock()

    def get(self, source):
        with self._lock:
            if id(source) not in self._values:
                value = source.value()
                try:
                    value.flags.writeable = False
                except AttributeError:
                    pass
                self._values[id(source)] = (source, value)
            return self._values[id(source)][1]


def _message_result(exercise, outcome, message) -> CheckResult:
    return CheckResult(exercise, outcome, message)


def check_capture(exercise, entry: Path, manifest: dict, trusted: TrustedValues) -> CheckResult | None:
    """커널이 적은 답 묶음 하나를 채점기에서 확인한다. 채점기가 노트북 값을 만들지 못하면 None.

    답과 ``from_kernel`` 값만 커널에서 오고, 나머지 노트북 값은 출처에서 다시 만든다.
    """
    from mnist_lesson.exercises.values import DecodeError, Unreadable, decode

    if "missing" in manifest:
        name = manifest.get("name") if manifest.get("name") in exercise.declared else None
        what = f"`{name}` 변수가" if name else f"답 변수({', '.join(f'`{n}`' for n in exercise.answers)})가"
        return _message_result(exercise, Outcome.NOT_ATTEMPTED,
                               f"노트북에 {what} 없습니다. 채점은 문제에 적힌 변수 이름으로 합니다: 이름을 바꿨다면 되돌리고, "
                               "지운 셀이 있다면 되살려 다시 실행하세요.")
    answers = manifest.get("answers")
    kernel_args = manifest.get("kernel_args") if isinstance(manifest.get("kernel_args"), dict) else {}
    if not isinstance(answers, list) or len(answers) != len(exercise.answers):
        return _message_result(exercise, Outcome.INCORRECT, "채점기가 받은 답의 수가 문제와 다릅니다.")
    try:
        values = [decode(node, entry) for node in answers]
    except DecodeError as exc:
        return _message_result(exercise, Outcome.INCORRECT, f"채점기가 답을 읽을 수 없었습니다({exc}).")
    unreadable = next((v for v in values if isinstance(v, Unreadable)), None)
    if unreadable is not None:
        return _message_result(exercise, Outcome.INCORRECT, unreadable.message())
    context = []
    for name, source in exercise.args.items():
        if source.trusted:
            try:
                context.append(trusted.get(source))
            except Exception:
                return None
        elif name in kernel_args:
            try:
                value = decode(kernel_args[name], entry)
            except DecodeError:
                value = Unreadable("?", "")
            if isinstance(value, Unreadable):
                return _message_result(exercise, Outcome.INCORRECT,
                                       f"채점기가 노트북의 `{name}` 값을 읽을 수 없었습니다. 그 값을 만든 셀을 확인하세요.")
            context.append(value)
        else:
            return _message_result(exercise, Outcome.INCORRECT, f"채점기가 노트북의 `{name}` 값을 받지 못했습니다.")
    return exercise.evaluate(*values, *context)


def grade_captures(values_dir: Path, exercises: dict, trusted: TrustedValues) -> tuple[dict, list[str]]:
    """커널이 적은 답 묶음들을 확인한다(같은 문제를 여러 번 확인했으면 마지막 것).

    Returns:
        ``({열 이름: CheckResult}, 채점기가 확인하지 못한 문제들)``.
    """
    from mnist_lesson.exercises.values import MANIFEST, DecodeError, read_manifest

    latest = {}
    entries = [p for p in values_dir.iterdir() if p.is_dir() and not p.is_symlink()] if values_dir.is_dir() else []
    entries.sort(key=lambda p: (int(p.name.split("-")[0]) if p.name.split("-")[0].isdigit() else -1, p.name))
    for entry in entries[-MAX_ENTRIES:]:
        try:
            manifest = read_manifest(entry / MANIFEST)
        except DecodeError:
            continue
        key = manifest.get("exercise")
        if isinstance(key, str) and key in exercises:
            latest[key] = (entry, manifest)
    results, failed = {}, []
    for key, (entry, manifest) in latest.items():
        try:
            result = check_capture(exercises[key], entry, manifest, trusted)
        except Exception:  # 확인 함수 밖의 뜻밖의 문제: 그 문제만 확인하지 못한 것으로 둔다
            result = None
        if result is None:
            failed.append(key)
        else:
            results[key] = result
    return results, failed
