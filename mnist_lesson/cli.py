"""강사용 명령줄 도구 ``mnist-lesson`` (또는 ``python -m mnist_lesson``).

- ``mnist-lesson answer-key notebooks/ -o answer_keys``: 학생용 노트북의 빈칸을 해답으로 채운 정답지를 만든다.
- ``mnist-lesson grade 제출물폴더/ -o grades``: 제출한 노트북을 하나씩 샌드박스에서 실행하고, 커널에서 받은 답을
  채점기가 확인해 채점표와 요약표(CSV), 검토용 노트북을 만든다.
"""

from __future__ import annotations

import argparse
import collections
import re
import signal
import sys
from pathlib import Path

_EPILOG = """예:
  mnist-lesson answer-key notebooks/ -o answer_keys --verify --fast
  mnist-lesson grade submissions/02/ -o grades/02 --fast --timeout 300
"""


# argparse 의 영어 오류를 한국어로(파이썬 3.10~3.13 의 문구). 모르는 문구는 그대로 붙인다.
_ARGPARSE_ERRORS = [
    (r"argument (\S+): invalid (?:float|int) value: '(.*)'", r"\1 옵션에 준 '\2' 값은 숫자가 아닙니다."),
    (r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)",
     r"\1 자리에 준 '\2' 값은 고를 수 있는 값이 아닙니다. 고를 수 있는 값: \3"),
    (r"argument (\S+): expected one argument", r"\1 옵션 뒤에 값이 하나 있어야 합니다."),
    (r"argument (\S+): (.*)", r"\1 옵션: \2"),
    (r"unrecognized arguments: (.*)", r"모르는 인자입니다: \1 (철자를 확인하세요)."),
    (r"the following arguments are required: (.*)", r"꼭 필요한 인자가 없습니다: \1"),
]


def _translated(message: str) -> str:
    for pattern, replacement in _ARGPARSE_ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """도움말과 오류의 첫 줄 머리(``usage:``)를 한국어로."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "사용법: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """오류를 한국어로 알리는 ArgumentParser: 무엇이 잘못됐는지와 도움말을 보는 법."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 오류: {_translated(message)}\n  도움말: {self.prog} -h\n")


def _at_least(minimum, kind=int, unit=""):
    """옵션 값의 형식: ``minimum`` 이상의 수(아니면 한국어로 알린다)."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            what = "정수" if kind is int else "숫자"
            how = f"({unit.strip()} 단위의 수를 주세요)" if unit else ""
            raise argparse.ArgumentTypeError(f"'{text}' 값은 {what} 형식이 아닙니다{how}") from None
        if not value >= minimum or value != value:
            raise argparse.ArgumentTypeError(f"{text} 값은 {minimum}{unit} 이상이어야 합니다")
        return value
    return parse


MIN_MEMORY_MIB = 512  # 이보다 작으면 TensorFlow 를 가져오는 커널이 시작하자마자 죽는다
MIN_PROCESSES = 16


def _korean(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """도움말의 기본 영어 문구(제목, -h)를 한국어로 바꾼다."""
    parser._positionals.title = "위치 인자"
    parser._optionals.title = "옵션"
    parser.add_argument("-h", "--help", action="help", help="이 도움말을 보여 주고 끝냅니다")
    return parser


def _sandbox_options(parser) -> None:
    parser.add_argument("--sandbox", choices=("auto", "required", "off"), default="auto",
                        help="제출물마다 bubblewrap 샌드박스에서 실행합니다. auto: 있으면 쓰고, 없으면 크게 알린 뒤 프로세스 단위 "
                             "제한만으로 실행합니다. required: 없으면 채점하지 않습니다. off: 쓰지 않습니다(기본: auto)")
    parser.add_argument("--memory", type=_at_least(MIN_MEMORY_MIB, unit=" MiB"), default=2048, metavar="MiB",
                        help=f"노트북 하나의 메모리 한도(기본: 2048 MiB, 가장 작게 {MIN_MEMORY_MIB} MiB: TensorFlow 를 "
                             "가져오는 커널에 필요합니다. cgroup 이면 임시 파일 포함)")
    parser.add_argument("--max-processes", type=_at_least(MIN_PROCESSES), default=512, metavar="N",
                        help=f"노트북 하나의 프로세스·스레드 수 한도(기본: 512, 가장 작게 {MIN_PROCESSES})")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mnist-lesson", add_help=False,
        description="MNIST 수업의 강사용 도구: 정답지 만들기와 학급 채점.",
        epilog=_EPILOG,
        formatter_class=_Formatter,
    )
    _korean(parser)
    commands = parser.add_subparsers(dest="command", metavar="명령", required=True)

    key = commands.add_parser(
        "answer-key", add_help=False, formatter_class=_Formatter, help="학생용 노트북의 빈칸을 해답으로 채운 정답지를 만듭니다",
        description="학생용 노트북의 `변수 = ____` 빈칸을 연습문제의 해답 코드로 채운 사본(정답지)을 만듭니다. "
                    "원본은 바꾸지 않습니다. 출력 폴더에 이전 정답지가 있으면 날짜를 붙인 새 폴더에 씁니다.",
    )
    _korean(key)
    key.add_argument("paths", nargs="+", type=Path, metavar="노트북_또는_폴더",
                     help="학생용 노트북 파일이나, 노트북이 든 폴더")
    key.add_argument("-o", "--out", type=Path, default=Path("answer_keys"), metavar="폴더",
                     help="정답지를 쓸 폴더(기본: ./answer_keys). 원본과 같은 폴더는 안 됩니다")
    key.add_argument("--force", action="store_true", help="출력 폴더의 이전 정답지를 덮어씁니다")
    key.add_argument("--verify", action="store_true",
                     help="만든 정답지를 학급 채점과 같은 방법(샌드박스, 채점기의 확인)으로 실행해 모든 문제가 정답인지 확인합니다")
    key.add_argument("--timeout", type=_at_least(1, float, "초"), default=900, metavar="초",
                     help="--verify 때 노트북 하나의 제한 시간(기본: 900초)")
    key.add_argument("--fast", action="store_true", help="--verify 를 빠른 모드(에포크 1)로 실행합니다")
    _sandbox_options(key)

    grade = commands.add_parser(
        "grade", add_help=False, formatter_class=_Formatter, help="제출한 노트북을 채점해 채점표와 요약표(CSV)를 만듭니다",
        description="폴더 안의 파일 하나, 또는 폴더 하나를 학생 한 명으로 보고, 노트북마다 샌드박스의 새 커널에서 "
                    "제한 시간을 두고 실행한 뒤, 커널에서 받은 답으로 채점기가 문제별 결과(정답/오답/미응답/미실행)를 정합니다. "
                    "깨진 제출물도 상태 열에 적고 건너뛰지 않습니다. 결과 폴더에 이전 결과가 있으면 날짜를 붙인 새 폴더에 씁니다.",
    )
    _korean(grade)
    grade.add_argument("folder", type=Path, metavar="제출물_폴더", help="제출한 노트북(또는 학생별 폴더)이 든 폴더")
    grade.add_argument("-o", "--out", type=Path, default=Path("grades"), metavar="폴더",
                       help="grades.csv, summary.csv, 검토용 노트북(notebooks/)을 쓸 폴더(기본: ./grades)")
    grade.add_argument("--force", action="store_true", help="결과 폴더의 이전 채점 결과를 덮어씁니다")
    grade.add_argument("--timeout", type=_at_least(1, float, "초"), default=600, metavar="초",
                       help="노트북 하나의 제한 시간(기본: 600초). 넘기면 커널을 끄고 '시간 초과'로 적습니다")
    grade.add_argument("--lesson", action="append", metavar="번호",
                       help="채점할 수업(예: 02). 여러 번 쓸 수 있습니다. 없으면 제출물이 가장 많이 가져오는 수업을 채점합니다. "
                            "다른 수업의 노트북은 '다른 수업' 으로 적습니다")
    grade.add_argument("--fast", action="store_true", help="빠른 모드(에포크 1)로 실행합니다")
    grade.add_argument("--keep-going", action="store_true",
                       help="오류가 난 셀 뒤의 셀도 계속 실행합니다(기본: '모두 실행'처럼 첫 오류에서 멈춥니다)")
    grade.add_argument("--jobs", type=_at_least(1), default=1, metavar="N", help="동시에 실행할 노트북 수(기본: 1)")
    _sandbox_options(grade)
    return parser


def _plan(args):
    from mnist_lesson import sandbox

    limits = sandbox.Limits(memory_mib=args.memory, processes=args.max_processes)
    return sandbox.plan(args.sandbox, limits)


def _shout(notes) -> None:
    """샌드박스가 없으면 크게, 있으면 한 줄로 어떻게 실행하는지 알린다."""
    for note in notes:
        if note.startswith("※"):
            print("=" * 100, file=sys.stderr)
            print(note, file=sys.stderr)
            print("=" * 100, file=sys.stderr)
        else:
            print(note)


def _answer_key(args) -> int:
    from mnist_lesson.answer_keys import AnswerKeyError, check_outside_sources, verify_answer_key, write_answer_keys
    from mnist_lesson.gradebook import choose_out_dir
    from mnist_lesson.sandbox import SandboxError

    try:
        check_outside_sources(args.paths, args.out)
        out, note = choose_out_dir(args.out, force=args.force)
        if note:
            print(note)
        plan = _plan(args) if args.verify else None
        keys = write_answer_keys(args.paths, out, force=args.force)
    except (AnswerKeyError, SandboxError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"오류: {_cannot_write(args.out, exc)}", file=sys.stderr)
        return 2
    made = [k for k in keys if k.target is not None]
    for k in keys:
        if k.target is None:
            print(f"건너뜀: {k.source} ({k.skipped})")
        else:
            print(f"정답지: {k.source} → {k.target} (빈칸 {len(k.filled)}개: {', '.join(k.filled) or '없음'})")
    if not made:
        print("오류: 연습문제가 있는 노트북이 없어 정답지를 하나도 만들지 않았습니다.", file=sys.stderr)
        return 2
    if not args.verify:
        return 0
    _shout(plan.notes())
    failed = 0
    for k in made:
        ok, result, problems = verify_answer_key(k.target, timeout=args.timeout, fast=args.fast, plan=plan)
        print(f"확인: {k.target} … {'통과' if ok else '실패'} ({result.status}, {result.seconds:.1f}초)")
        for problem in problems:
            print(f"  - {problem}")
        failed += not ok
    return 1 if failed else 0


def _cannot_write(folder: Path, exc: OSError) -> str:
    """결과 폴더에 쓸 수 없을 때의 한국어 설명(무엇이, 왜, 어떻게)."""
    from mnist_lesson.errors import os_reason

    return (f"결과를 쓸 폴더 {folder} 에 쓸 수 없습니다({os_reason(exc)}: {exc.filename or folder}). "
            "쓸 수 있는 다른 폴더를 고르세요(-o 폴더).")


def _duration(seconds) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}분 {seconds % 60}초" if seconds >= 60 else f"{seconds}초"


def _grade(args) -> int:
    from mnist_lesson.gradebook import OUTCOME_LABELS, Gradebook, choose_out_dir
    from mnist_lesson.grading import NothingToGrade, grade_folder, plan_class
    from mnist_lesson.sandbox import SandboxError
    from mnist_lesson.submissions import nested_class_folders

    folder = args.folder
    if folder.is_file():
        print(f"오류: 준 경로({folder})는 폴더가 아니라 파일입니다. 채점할 제출물이 든 폴더를 주세요(노트북 하나만 채점하려면 빈 폴더에 "
              "넣어서 그 폴더를 주세요).", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"오류: 제출물 폴더가 없습니다: {folder}", file=sys.stderr)
        return 2
    inside = args.out.resolve() == folder.resolve() or folder.resolve() in args.out.resolve().parents
    if inside:
        print("오류: 결과를 제출물 폴더 안에 쓰면 다음 채점 때 제출물로 읽힙니다. 다른 폴더를 고르세요(-o).", file=sys.stderr)
        return 2
    try:
        planned = plan_class(folder, args.lesson)
        plan = _plan(args)
    except (NothingToGrade, ValueError, SandboxError) as exc:  # 빈 폴더, 모르는 수업 번호, 샌드박스 없음
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    submissions, lessons = planned
    mine = sum(1 for s in submissions if set(s.lessons) & set(lessons))
    found = collections.Counter(name for s in submissions for name in s.lessons)
    if mine == 0 and found:  # --lesson 을 잘못 골랐다: 모두 '다른 수업' 이 되는 채점표를 만들지 않는다
        seen = ", ".join(f"{name[-2:]}({n}명)" for name, n in found.most_common())
        print(f"오류: 학생 {len(submissions)}명 가운데 수업 {', '.join(name[-2:] for name in lessons)} 의 노트북을 낸 학생이 "
              f"없습니다. 제출물이 가져오는 수업: {seen}. --lesson 번호를 확인하세요.", file=sys.stderr)
        return 2
    nested = nested_class_folders(submissions)
    if nested and len(nested) == len(submissions):
        print(f"오류: '학생' 폴더마다({', '.join(nested[:5])}) 노트북이 든 폴더가 여럿 있습니다. 학급 폴더를 하나 위에서 고른 것으로 "
              f"보입니다: 한 수업의 제출물 폴더(예: {folder / nested[0]})를 주세요.", file=sys.stderr)
        return 2
    try:
        out, note = choose_out_dir(args.out, force=args.force)
        book = Gradebook(out, title=", ".join(lessons))
        book.check_writable()
    except OSError as exc:
        print(f"오류: {_cannot_write(args.out, exc)}", file=sys.stderr)
        return 2
    if note:
        print(note)
    print(f"수업: {', '.join(lessons)} (학생 {len(submissions)}명 중 {mine}명의 노트북이 이 수업을 가져옵니다)")
    for student in nested:
        print(f"※ 주의: {student} 폴더 안에 노트북이 든 폴더가 여럿 있습니다. 학생 한 명의 폴더가 맞는지 확인하세요"
              "(한 노트북만 채점합니다).", file=sys.stderr)
    _shout(plan.notes())

    def started(k, n, sub):
        print(f"[{k}/{n}] 시작: {sub.student} ({sub.file})", flush=True)

    def finished(k, n, result, left):
        counts = collections.Counter(result.outcomes.values())
        tally = " · ".join(f"{label} {counts[key]}" for key, label in OUTCOME_LABELS.items())
        more = f" - {result.detail}" if result.detail else ""
        eta = f" · 남은 시간 약 {_duration(left)}" if left is not None and left > 0 else ""
        print(f"[{k}/{n}] 끝: {result.student} … {result.status} ({result.seconds:.1f}초) {tally}{eta}{more}", flush=True)

    # 채점하는 동안은 grade_folder 가 Ctrl-C 를 받아 깔끔하게 멈춘다. 그 뒤(요약을 보여 주는 동안)의 Ctrl-C 는 무시한다.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    report = grade_folder(folder, timeout=args.timeout, fast=args.fast, keep_going=args.keep_going,
                          jobs=max(1, args.jobs), plan=plan, book=book, on_start=started, on_result=finished,
                          planned=planned)
    code = _report(report, book)
    if not report.interrupted:  # 멈춘 뒤라면 끝날 때까지 Ctrl-C 를 무시한다(두 번째 Ctrl-C 가 종료 코드를 바꾸지 않게)
        signal.signal(signal.SIGINT, previous)
    return code


def _report(report, book) -> int:
    print()
    print(report.summary_markdown())
    print()
    print(f"채점표: {book.grades}")
    print(f"요약표: {book.summary}")
    print(f"검토용 노트북: {book.notebooks}")
    if report.interrupted:
        print("채점을 멈췄습니다(Ctrl-C). 끝난 학생의 결과는 위 파일에 있고, 나머지는 '미채점' 입니다.", file=sys.stderr)
        return 130
    return 0


def main(argv=None) -> int:
    """명령줄 진입점: ``mnist-lesson 명령 ...``.

    Returns:
        종료 코드(0: 성공, 1: 만든 정답지의 확인(--verify) 실패, 2: 잘못된 입력(실행하기 전에 알린다), 130: Ctrl-C 로 멈춤).
    """
    from mnist_lesson.nbimport import skip_iri_grammar

    skip_iri_grammar()  # 이 명령은 nbformat 을 가져온다: 'iri' 문법을 만드는 1초 남짓을 아낀다(nbimport)
    args = _parser().parse_args(argv)
    if args.command == "answer-key":
        return _answer_key(args)
    return _grade(args)


if __name__ == "__main__":
    raise SystemExit(main())
