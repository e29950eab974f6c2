"""연습문제의 뼈대: 등록된 모든 문제(다른 사람이 더한 것 포함)가 같은 약속을 지키는지, 한 번에 확인한다.

- 해답은 정답이다: 노트북처럼(앞 문제의 해답을 차례로 실행하고) 출처(``sources``)가 만든 노트북 값으로.
- 학급 채점기의 길(커널 쪽 ``values.encode`` → 채점기 쪽 ``grading.check_capture``)로 옮겨도 정답이다.
- 빈칸은 '아직 풀지 않음' 이다. 어떤 엉뚱한 답(오류를 내는 답 포함)도 오답이고 정답 값을 보이지 않는다.
- 숫자를 묻는 문제는 텐서·NumPy 스칼라·0차원 배열도, 모델을 묻는 문제는 함수형 API 모델도 받는다.
- 선언이 완전하다(제목, 힌트, 설명, 파이썬인 해답, 출처가 있는 노트북 값).
수업별 흔한 오답과 메시지는 수업마다의 테스트(test_exercises*.py)가 다룬다.
"""

import ast
import json
import math
import re

import numpy as np
import pytest

from mnist_lesson.exercises import ____, Outcome, registry, sources
from mnist_lesson.exercises.core import parse_key
from mnist_lesson.exercises.values import encode, write_manifest

from conftest import rendered

EXERCISES = [q for name in registry.available_lessons() for q in registry.exercises_of(name)]
IDS = [q.key for q in EXERCISES]


class Hostile:
    """길이·비교·참거짓·배열 바꾸기·표현이 모두 오류를 내는 답."""

    def __len__(self):
        raise RuntimeError("len")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = object.__hash__

    def __bool__(self):
        raise RuntimeError("bool")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("array")

    def __iter__(self):
        raise RuntimeError("iter")

    def __repr__(self):
        raise RuntimeError("repr")


JUNK = [0, -1, 10**9, 0.5, "틀린 답", None, [], (1, 2), np.zeros(3), Hostile()]


@pytest.fixture(scope="module")
def notebook_values(mnist):
    """문제를 풀 때 노트북에 있는 것: 자주 쓰는 모듈과 불러온 그대로의 MNIST."""
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = mnist
    return {"np": np, "math": math, "keras": keras, "layers": layers,
            "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def context_of(exercise) -> list:
    """확인에 함께 넘길 노트북 값: 출처가 만든 대표 값(채점기가 믿는 값, 커널의 값이면 example())."""
    return [source.example() for source in exercise.args.values()]


_SOLVED = {}


def solved(exercise, base) -> list:
    """그 수업의 q1 부터 이 문제까지 해답을 노트북처럼 차례로 실행하고, 이 문제에 넘길 답들을 돌려준다."""
    lesson = registry.exercises_of(f"lesson{exercise.lesson}")
    space = dict(base)
    for q in lesson:
        space.update(zip(q.args, context_of(q)))
        if (q.key, "answers") not in _SOLVED:
            exec(q.solution_code, space)
            _SOLVED[(q.key, "answers")] = [space[var] for var in q.answers]
        else:
            space.update(zip(q.answers, _SOLVED[(q.key, "answers")]))
        if q is exercise:
            return _SOLVED[(q.key, "answers")]
    raise LookupError(exercise.key)


def through_the_grader(exercise, answers, context, tmp_path):
    """커널의 capture.record 처럼 값을 파일로 적고, 채점기 쪽에서 확인한다."""
    from mnist_lesson.verdicts import TrustedValues, check_capture

    tmp_path.mkdir(parents=True, exist_ok=True)
    given = dict(zip(exercise.args, context))
    manifest = {"exercise": exercise.key, "answers": [encode(value, tmp_path) for value in answers],
                "kernel_args": {name: encode(given[name], tmp_path) for name in exercise.kernel_args}}
    manifest = json.loads(json.dumps(manifest))  # 파일로 적은 것과 같게
    write_manifest(tmp_path, manifest)
    return check_capture(exercise, tmp_path, manifest, TrustedValues())


# --- 해답과 빈칸 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_solution_is_correct(exercise, notebook_values):
    result = exercise.evaluate(*solved(exercise, notebook_values), *context_of(exercise))
    assert result.outcome is Outcome.CORRECT, repr(result)
    assert repr(result).startswith(f"[정답] {exercise.label}")


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_solution_is_correct_through_the_grader(exercise, notebook_values, tmp_path):
    result = through_the_grader(exercise, solved(exercise, notebook_values), context_of(exercise), tmp_path)
    assert result is not None and result.outcome is Outcome.CORRECT, repr(result)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_blank_is_not_attempted(exercise, tmp_path):
    blanks = [____] * len(exercise.answers)
    for result in (exercise.evaluate(*blanks, *context_of(exercise)),
                   through_the_grader(exercise, blanks, context_of(exercise), tmp_path)):
        assert result.outcome is Outcome.NOT_ATTEMPTED, repr(result)
        text = repr(result)
        assert text.startswith("[아직 풀지 않음]")
        assert all(f"{var} = ____" in text for var in exercise.answers)
        assert f"ex.q{exercise.number}.hint()" in text


# --- 엉뚱한 답: 오답, 예외 없음, 정답 값을 보이지 않음 -------------------------------------------------------


def _safe_repr(value) -> str:
    try:
        return repr(value)
    except Exception:
        return ""


def secrets_of(value) -> list[str]:
    """답이 그 값일 때 메시지에 나오면 안 되는 글(정답 값의 흔한 표기). 너무 짧아 우연히 나올 글은 뺀다."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return []
    if isinstance(value, (int, np.integer)):
        return [f"{int(value)}", f"{int(value):,}"] if abs(int(value)) >= 100 else []
    if isinstance(value, (float, np.floating)):
        if float(value).is_integer():
            return secrets_of(int(value))
        return [text for text in (f"{value:.2f}", f"{value:.3f}", f"{value:.4g}") if len(text) >= 4]
    if isinstance(value, str):
        return [value] if len(value) >= 6 else []
    if isinstance(value, np.dtype):
        return [str(value)]
    if isinstance(value, (tuple, list)) and 1 < len(value) <= 12 and all(isinstance(v, (int, np.integer)) for v in value):
        numbers = [int(v) for v in value]
        return [", ".join(map(str, numbers)), f"({', '.join(map(str, numbers))})"]
    if callable(value) and getattr(value, "__name__", "") not in ("", "<lambda>"):
        return [value.__name__]
    return []


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
@pytest.mark.parametrize("junk", JUNK, ids=lambda j: type(j).__name__ + (str(j)[:8] if not isinstance(j, Hostile) else ""))
def test_wrong_answers_are_incorrect_and_never_reveal_the_expected_value(exercise, junk, notebook_values):
    answers = [junk] * len(exercise.answers)
    result = exercise.evaluate(*answers, *context_of(exercise))  # 예외를 내면 테스트가 실패한다
    assert result.outcome is Outcome.INCORRECT, repr(result)
    assert result.message.strip()
    text = rendered(result)
    typed = " ".join(_safe_repr(a) for a in answers) + " " + exercise.title
    for value in solved(exercise, notebook_values):
        for secret in secrets_of(value):
            if secret not in typed:
                assert secret not in text, f"{exercise.key} 의 오답 메시지에 정답 {secret!r} 이 보입니다:\n{text}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_hostile_answer_through_check_shows_incorrect_and_never_raises(exercise, capsys):
    assert exercise.check(*[Hostile()] * len(exercise.answers), *context_of(exercise)) is None
    out = capsys.readouterr().out
    assert out.startswith("[오답]"), out


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_answers_passed_by_name_are_told_to_be_passed_in_order(exercise, capsys):
    """`check(답=값)` 은 TypeError 로 멈추지 않고, 이름 없이 차례로 넘기라고 알린다."""
    named = {name: 1 for name in exercise.answers}
    assert exercise.check(**named) is None
    out = capsys.readouterr().out
    assert out.startswith("[오답]") and "`이름=값` 꼴로 넘겼습니다" in out and exercise.call in out, out


# --- 숫자는 텐서·NumPy 로도, 모델은 함수형 API 로도 -----------------------------------------------------------


def _number_exercises(base):
    found = []
    for q in EXERCISES:
        values = solved(q, base)
        if len(values) == 1 and isinstance(values[0], (int, float)) and not isinstance(values[0], bool):
            found.append((q, values[0]))
    return found


def test_every_number_answer_accepts_tensors_numpy_scalars_and_0d_arrays(notebook_values):
    import tensorflow as tf

    cases = _number_exercises(notebook_values)
    assert len(cases) >= 10
    for exercise, value in cases:
        for form in (np.float64(value), np.asarray(value), tf.constant(value), np.int64(value) if float(value).is_integer()
                     else np.float32(value)):
            result = exercise.evaluate(form, *context_of(exercise))
            assert result.outcome is Outcome.CORRECT, (exercise.key, type(form).__name__, repr(result))


def test_named_tensor_answers_from_the_lessons(notebook_values):
    import keras
    import tensorflow as tf

    from mnist_lesson.exercises import lesson02, lesson03

    assert lesson03.q3.evaluate(-keras.ops.log(1 / 5)).outcome is Outcome.CORRECT
    assert lesson02.q1.evaluate(tf.constant(196 * 256 + 256)).outcome is Outcome.CORRECT
    assert lesson02.q1.evaluate(np.array([196 * 256 + 256])).outcome is Outcome.INCORRECT  # 숫자 하나가 아니라 배열


def _functional_copy(model):
    import keras

    inputs = keras.Input(shape=model.input_shape[1:])
    x = inputs
    for layer in model.layers:
        x = type(layer).from_config(layer.get_config())(x)
    return keras.Model(inputs, x)


def test_every_model_answer_accepts_a_functional_model(notebook_values, tmp_path):
    import keras

    cases = [(q, solved(q, notebook_values)[0]) for q in EXERCISES
             if len(q.answers) == 1 and isinstance(solved(q, notebook_values)[0], keras.Model)
             and solved(q, notebook_values)[0].built and len(solved(q, notebook_values)[0].inputs) == 1
             and any(type(layer).__name__ == "Dense" for layer in solved(q, notebook_values)[0].layers)]
    assert len(cases) >= 2
    for exercise, model in cases:
        functional = _functional_copy(model)
        assert type(functional).__name__ == "Functional"
        assert exercise.evaluate(functional, *context_of(exercise)).outcome is Outcome.CORRECT, exercise.key
        result = through_the_grader(exercise, [functional], context_of(exercise), tmp_path / exercise.key)
        assert result.outcome is Outcome.CORRECT, (exercise.key, repr(result))


def test_one_keras_model_gate(notebook_values):
    """'모델을 만드세요' 문제는 모두 checks.keras_model 하나로 모델인지 본다: 같은 잘못에 같은 말."""
    import keras

    models = [q for q in EXERCISES if len(q.answers) == 1 and isinstance(solved(q, notebook_values)[0], keras.Model)
              and any(type(layer).__name__ == "Dense" for layer in solved(q, notebook_values)[0].layers)]
    assert len(models) >= 2
    for exercise in models:
        assert "Keras 모델이어야" in exercise.evaluate("784-128-10").message
        assert "틀(클래스) 자체" in exercise.evaluate(keras.Sequential).message
        assert "층 하나" in exercise.evaluate(keras.layers.Dense(10)).message
    for module in {q._module for q in models}:
        source = open(__import__(module, fromlist=["_"]).__file__, encoding="utf-8").read()
        assert "keras_model(" in source and "__module__.startswith" not in source, module


# --- 선언 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_declaration_is_complete(exercise):
    assert exercise.title and exercise.hints and exercise.explanation
    tree = ast.parse(exercise.solution_code)  # 정답지에 들어갈 코드는 파이썬이어야 한다
    assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
                if isinstance(t, ast.Name)}
    assert set(exercise.answers) <= assigned
    assert "____" not in exercise.solution_code
    assert parse_key(exercise.key) == (exercise.lesson, exercise.number)
    assert isinstance(exercise.args, dict)
    for name, source in exercise.args.items():
        assert name.isidentifier()
        assert isinstance(source, sources.Source) and not isinstance(source, sources._Undeclared), (
            f"{exercise.key} 의 {name}: 출처를 sources.mnist/recorded/computed/from_kernel 로 선언하세요")
        if not source.trusted:
            assert re.search("[가-힣]", source.reason), "from_kernel 의 까닭은 한국어로"
            assert source.example() is not None


def test_sources_contract(mnist):
    (x_train, _), (_, y_test) = mnist
    assert np.array_equal(sources.mnist("y_test").value(), y_test)
    assert not sources.mnist("x_train").value().flags.writeable  # 확인 함수가 믿는 값을 바꾸지 못한다
    history = sources.recorded("seed_mlp_100_epochs").value()
    assert len(history["val_loss"]) == 100
    assert sources.computed(lambda: 3).value() == 3
    kernel = sources.from_kernel("학생의 모델이 낸 예측이라 커널에만 있습니다.", example=lambda: [1, 2])
    assert not kernel.trusted and kernel.example() == [1, 2]
    with pytest.raises(LookupError):
        kernel.value()
    with pytest.raises(ValueError):
        sources.mnist("x_val")
    with pytest.raises(ValueError):
        sources.from_kernel("", example=list)


@pytest.mark.parametrize("lesson", registry.available_lessons())
def test_a_question_that_does_not_exist_is_named_in_korean(lesson):
    """`ex.q9.check(...)` 처럼 없는 문제는 영어 AttributeError 대신 있는 문제를 알려 준다(수업 모듈 끝의 한 줄)."""
    import importlib

    module = importlib.import_module(f"mnist_lesson.exercises.{lesson}")
    with pytest.raises(AttributeError, match=f"이 수업\\({lesson}\\)에는 q99 문제가 없습니다. 있는 문제: q1, "):
        module.q99
    assert not hasattr(module, "q99") and not hasattr(module, "something_else")


def test_names_only_args_are_accepted_only_with_a_warning():
    from mnist_lesson.exercises.core import Exercise

    with pytest.warns(DeprecationWarning):
        old = Exercise(title="옛 형식", answers={"x": "1"}, checker=lambda x, y: None, args=("y_test",))
    assert list(old.args) == ["y_test"] and not old.args["y_test"].trusted
    with pytest.raises(TypeError):
        Exercise(title="틀린 형식", answers={"x": "1"}, checker=lambda x, y: None, args={"y_test": "y_test"})


def test_outcome_labels_and_keys_have_one_home():
    """결과 이름은 Outcome 에서만, 문제 이름(lesson02.q1)은 core.parse_key 로만 읽는다."""
    from pathlib import Path

    import mnist_lesson

    package = Path(mnist_lesson.__file__).parent
    labels = {"정답", "오답", "미응답", "아직 풀지 않음", "correct", "incorrect", "not_attempted"}
    for path in sorted(package.rglob("*.py")):
        if path.name == "core.py" and path.parent.name == "exercises":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert not literals & labels, f"{path.name}: 결과 이름 {literals & labels} 은 Outcome 에서 가져오세요"
        text = path.read_text(encoding="utf-8")
        assert "key[6:8]" not in text and not re.search(r"lesson\(\\d\{2\}\)\\\.q", text), path.name


def test_a_choice_outside_the_options_names_the_variable_and_the_options():
    from mnist_lesson.exercises import checks
    from mnist_lesson.exercises.core import Incorrect

    assert checks.choice(' "나" ', "reason") == "나"  # 따옴표와 공백은 뗀다
    for wrong in ("라", 3, None):
        with pytest.raises(Incorrect) as caught:
            checks.choice(wrong, "reason")
        assert caught.value.message.startswith('`reason` 에는 "가", "나", "다" 중 하나를 적습니다(받은 것: ')
    with pytest.raises(Incorrect, match='"A", "B" 중 하나'):
        checks.choice("C", "pick", ("A", "B"))


def test_choice_problem_says_what_is_wrong_with_a_choice_or_nothing():
    from mnist_lesson.exercises import checks

    wrong = {"가": "가 는 틀린 까닭", "다": "다 는 틀린 까닭"}
    assert checks.choice_problem('"나"', "why", wrong) is None                     # 맞는 보기
    assert checks.choice_problem(" 다 ", "why", wrong) == "다 는 틀린 까닭"        # 틀린 보기는 그 까닭
    assert checks.choice_problem("라", "why", wrong).startswith('`why` 에는 "가", "나", "다" 중 하나')  # 보기에 없음
    assert checks.choice_problem("C", "pick", {}, ("A", "B")).startswith('`pick` 에는 "A", "B" 중 하나')
