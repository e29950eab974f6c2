"""연습문제의 뼈대: 빈칸 ``____``, 결과 세 가지(정답·오답·아직 풀지 않음), 문제 하나(``Exercise``).

문제 하나는 몇 줄의 선언이다: 무엇을 묻는지(제목), 빈칸 변수와 해답 코드, 힌트, 확인 함수.
확인 함수는 답이 맞으면 그냥 돌아오고, 틀리면 ``Incorrect`` 를 낸다. 메시지는 틀린 개념을 짚고
필요하면 틀(template)을 보여 주지만, 정답 값은 말하지 않는다.

결과는 JupyterLab 에서는 색 있는 상자(HTML/마크다운)로, 콘솔과 CI 로그에서는 평문으로 보인다.
기계용 JSON(``MIME_TYPE``)도 함께 내보내지만 보여 주기용일 뿐이다: 학급 채점기는 커널이 보여 준 것을 믿지 않고,
커널에서 답의 값을 받아 자기 프로세스에서 다시 확인한다(``mnist_lesson.grading``).

``check`` 는 어떤 답을 넘겨도 예외를 내지 않는다: 답의 ``__len__``·``__eq__``·``__bool__``·``__array__`` 가
오류를 내도 결과는 오답과 한국어 설명이다.
"""

from __future__ import annotations

import ast
import enum
import html
import re
import sys
import warnings

from mnist_lesson.exercises import sources as _sources

MIME_TYPE = "application/vnd.mnist-lesson.check+json"

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_MODULE = re.compile(r"(?:.*\.)?lesson(\d{2})")  # 문제를 선언한 모듈: mnist_lesson.exercises.lesson02
_NAME = re.compile(r"q(\d+)")                    # 모듈 안의 변수 이름: q1, q2, …
_KEY = re.compile(r"lesson(\d{2})\.q(\d+)")      # 채점표의 열 이름: lesson02.q1


def parse_key(key: str) -> tuple[str, int]:
    """채점표의 열 이름 ``"lesson02.q1"`` 을 ``("02", 1)`` 로. 형식이 아니면 ``ValueError``."""
    match = _KEY.fullmatch(str(key))
    if not match:
        raise ValueError(f"문제 이름 {key!r} 의 형식은 lesson02.q1 처럼 'lesson 두 자리 숫자 . q 번호' 입니다.")
    return match.group(1), int(match.group(2))


class _Blank:
    """아직 채우지 않은 빈칸. 값은 ``____`` 하나뿐이고, 계산에 섞여도 빈칸으로 남는다."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __reduce__(self):
        return (_Blank, ())

    def _stay_blank(self, *args, **kwargs):
        return self

    # ``____ * ____ + ____`` 나 ``____.reshape(28, 28)`` 처럼 틀을 남겨 두어도 셀이 멈추지 않는다.
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _stay_blank
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _stay_blank
    __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = _stay_blank
    __call__ = __getitem__ = _stay_blank

    def __iter__(self):  # ``a, b = ____`` 가 끝없이 돌지 않도록
        raise TypeError("빈칸 ____ 은 아직 값이 아니라서 풀어 쓸(unpack) 수 없습니다. 빈칸을 답으로 바꾸세요.")

    def __getattr__(self, name):
        if name.startswith("_"):  # 특수 이름(예: __array__, _repr_html_)은 없는 것으로 둔다
            raise AttributeError(name)
        return self


____ = _Blank()


def is_blank(value, _depth: int = 0) -> bool:
    """값이 빈칸 ``____`` 이거나, 빈칸을 담은 작은 목록·튜플·사전인지(이상한 값이어도 예외를 내지 않는다)."""
    if value is ____:
        return True
    if _depth >= 2:
        return False
    try:
        if type(value) in (list, tuple, set, frozenset) and len(value) <= 100:
            return any(is_blank(v, _depth + 1) for v in value)
        if type(value) is dict and len(value) <= 100:
            return any(is_blank(v, _depth + 1) for v in value.values())
    except Exception:  # 목록을 흉내 낸 값이 len() 이나 반복에서 오류를 내면 빈칸이 아닌 것으로 본다
        return False
    return False


def describe_error(exc: BaseException, limit: int = 150) -> str:
    """예외를 한 줄로: ``KeyError: 'b'`` (예외의 글이 오류를 내도 이름만은 돌려준다)."""
    name = type(exc).__name__
    try:
        text = str(exc).splitlines()[0][:limit] if str(exc) else ""
    except Exception:
        text = ""
    return f"{name}: {text}" if text else name


class Outcome(enum.Enum):
    """확인 결과 세 가지. ``label`` 은 노트북에, ``short`` 는 채점표(CSV)에 쓴다."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"

    @property
    def label(self) -> str:
        return {Outcome.CORRECT: "정답", Outcome.INCORRECT: "오답", Outcome.NOT_ATTEMPTED: "아직 풀지 않음"}[self]

    @property
    def short(self) -> str:
        return {Outcome.CORRECT: "정답", Outcome.INCORRECT: "오답", Outcome.NOT_ATTEMPTED: "미응답"}[self]


class Incorrect(Exception):
    """확인 함수가 틀린 답을 알릴 때 낸다: 무엇이 틀렸는지(정답 값은 빼고)와, 있으면 코드의 틀."""

    def __init__(self, message: str, template: str | None = None):
        super().__init__(message)
        self.message = message
        self.template = template


# --- 표시: JupyterLab 에서는 색 상자, 콘솔에서는 평문 ---------------------------------------------

_COLORS = {  # (테두리, 배경): 결과 세 가지(Outcome 의 값)와 힌트·풀이
    Outcome.CORRECT.value: ("#2e7d32", "#edf7ed"),
    Outcome.INCORRECT.value: ("#c62828", "#fdecea"),
    Outcome.NOT_ATTEMPTED.value: ("#1565c0", "#e8f1fb"),
    "hint": ("#ef6c00", "#fff4e5"),
    "solution": ("#6a1b9a", "#f5eef8"),
}


def _html_text(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return _CODE_SPAN.sub(r"<code>\1</code>", escaped).replace("\n", "<br>")


class Feedback:
    """노트북에 보여 줄 짧은 글 상자 하나: 꼬리표(정답·힌트 …), 문제 제목, 본문, 있으면 코드."""

    def __init__(self, kind: str, tag: str, title: str, message: str = "", code: str | None = None):
        self.kind = kind
        self.tag = tag
        self.title = title
        self.message = message
        self.code = code

    def __repr__(self) -> str:  # 콘솔·CI 로그
        parts = [f"[{self.tag}] {self.title}"]
        if self.message:
            parts.append(self.message)
        if self.code:
            parts.append("\n".join("    " + line for line in self.code.splitlines()))
        return "\n".join(parts)

    def _repr_markdown_(self) -> str:
        parts = [f"**{self.tag}** · {self.title}"]
        if self.message:
            parts.append(self.message.replace("\n", "  \n"))
        if self.code:
            parts.append(f"```python\n{self.code}\n```")
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        border, background = _COLORS[self.kind]
        heading = f"<strong style='color:{border}'>{html.escape(self.tag)}</strong> · {html.escape(self.title)}"
        body = f"<div style='margin-top:.3em'>{_html_text(self.message)}</div>" if self.message else ""
        code = f"<pre style='margin:.4em 0 0'><code>{html.escape(self.code)}</code></pre>" if self.code else ""
        return (
            f"<div style='border-left:4px solid {border};background:{background};"
            f"padding:.5em .9em;margin:.3em 0'>{heading}{body}{code}</div>"
        )


class CheckResult(Feedback):
    """``check`` 의 결과: 결과 종류, 문제, 한국어 설명. 채점기용 JSON 도 함께 내보낸다."""

    def __init__(self, exercise: "Exercise", outcome: Outcome, message: str = "", code: str | None = None):
        super().__init__(outcome.value, outcome.label, f"{exercise.label}. {exercise.title}", message, code)
        self.exercise = exercise
        self.outcome = outcome

    def to_json(self) -> dict:
        """채점기가 읽는 기계용 결과(정답 값은 담지 않는다)."""
        return {
            "exercise": self.exercise.key,
            "lesson": self.exercise.lesson,
            "number": self.exercise.number,
            "title": self.exercise.title,
            "outcome": self.outcome.value,
            "label": self.outcome.label,
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME_TYPE: self.to_json()}


def show(obj) -> None:
    """Jupyter 커널(노트북) 안이면 ``display`` 로, 아니면 평문으로 출력한다."""
    try:
        from IPython.display import display
    except ImportError:  # IPython 이 없는 콘솔
        print(repr(obj))
        return
    from mnist_lesson import runtime

    if not runtime.in_jupyter():  # 일반 파이썬·IPython 콘솔
        print(repr(obj))
    else:
        display(obj)


# --- 문제 하나 ------------------------------------------------------------------------------------


def _declared_args(args) -> dict:
    """``args`` 선언을 ``{이름: 출처}`` 사전으로. 이름만 적은 튜플은 전환 중에만 받는다(경고와 함께)."""
    if args is None:
        return {}
    if isinstance(args, dict):
        for name, source in args.items():
            if not str(name).isidentifier():
                raise ValueError(f"args 의 이름 {name!r}: 파이썬 변수 이름이어야 합니다.")
            if not isinstance(source, _sources.Source):
                raise TypeError(
                    f"args[{name!r}] 에는 출처(sources.mnist, recorded, computed, from_kernel)를 넘깁니다"
                    f"(받은 것: {type(source).__name__})."
                )
        return dict(args)
    names = tuple(args)
    if names:
        warnings.warn("args 에 이름만 적는 형식은 전환 중에만 받습니다: {이름: 출처} 사전으로 바꾸세요.",
                      DeprecationWarning, stacklevel=3)
    return {str(name): _sources.undeclared(str(name)) for name in names}


def fill_code(var: str, code: str) -> str:
    """해답 코드를 빈칸 자리에 들어갈 문장으로: 식이면 ``var = 식``, 여러 줄 문장이면 그대로."""
    code = code.strip("\n")
    try:
        ast.parse(code, mode="eval")
    except SyntaxError:
        return code
    return f"{var} = {code}"


class Exercise:
    """연습문제 하나: 빈칸 변수와 해답 코드, 힌트, 확인 함수, 맞혔을 때의 설명.

    문제의 이름(수업 번호와 문제 번호)은 한 번만 적는다: 선언한 모듈 ``lessonNN`` 이 수업을, 모듈 안의 변수
    이름 ``qN`` 이 문제 번호를 정한다(``lesson02.py`` 의 ``q1`` 은 ``lesson02.q1``). 그래서 문제를 옮기거나
    번호를 바꿀 때 고칠 곳이 하나뿐이다.

    Args:
        title: 무엇을 묻는지 짧게(채점표의 요약에도 쓴다).
        answers: ``{빈칸 변수 이름: 해답 코드}``. 해답 코드는 식(``784 * 256 + 256``)이거나 그 변수를
            만드는 여러 줄 문장이다. 정답지 만들기가 ``변수 = ____`` 줄을 이것으로 바꾼다.
        checker: ``checker(*답, *args)``. 맞으면 돌아오고, 틀리면 ``Incorrect`` 를 낸다.
        hints: 힌트들(첫 번째가 가장 약하다).
        explanation: 맞혔을 때 덧붙일 설명.
        args: 확인에 답 다음으로 넘기는 노트북 값들, 순서대로 ``{이름: 출처}`` (출처는
            ``mnist_lesson.exercises.sources``: ``mnist``, ``recorded``, ``computed``, ``from_kernel``).
            채점기는 이 출처에서 믿을 수 있는 값을 다시 만들고, ``from_kernel`` 일 때만 커널의 값을 쓴다.
    """

    def __init__(self, *, title: str, answers: dict, checker, hints=(), explanation: str = "", args=None):
        if not isinstance(answers, dict) or not answers or not all(str(v).isidentifier() for v in answers):
            raise ValueError(f"answers 에는 {{변수 이름: 해답 코드}} 사전을 넘깁니다(받은 것: {answers!r}).")
        self.title = title
        self.answers = dict(answers)
        self.checker = checker
        self.hints = tuple(hints)
        self.explanation = explanation
        self.args = _declared_args(args)
        # 선언한 모듈의 이름. 번호는 처음 쓸 때 그 모듈에서 이 문제가 붙은 변수 이름(qN)으로 찾는다.
        self._module = sys._getframe(1).f_globals.get("__name__", "")
        self._number = None

    @property
    def kernel_args(self) -> list[str]:
        """채점기가 학생 커널에서 받아 쓰는 노트북 값의 이름들(출처가 ``from_kernel`` 인 것)."""
        return [name for name, source in self.args.items() if not source.trusted]

    @property
    def lesson(self) -> str:
        """수업 번호 두 자리(``"02"``): 문제를 선언한 모듈 ``lessonNN`` 에서."""
        match = _MODULE.fullmatch(self._module)
        if not match:
            raise LookupError(f"문제는 lessonNN 모듈에서 선언해야 합니다(선언한 곳: {self._module!r}).")
        return match.group(1)

    @property
    def number(self) -> int:
        """수업 안의 문제 번호: 선언한 모듈에서 이 문제가 붙은 변수 이름 ``qN`` 의 N."""
        if self._number is None:
            module = sys.modules.get(self._module)
            names = [name for name, value in vars(module).items() if value is self and _NAME.fullmatch(name)] if module else []
            if len(names) != 1:
                raise LookupError(
                    f"{self._module} 에서 이 문제를 가리키는 q1, q2, … 변수가 {len(names)}개입니다. 문제마다 하나여야 합니다."
                )
            self._number = int(_NAME.fullmatch(names[0]).group(1))
        return self._number

    @property
    def key(self) -> str:
        """채점표의 열 이름: ``lesson02.q1``."""
        return f"lesson{self.lesson}.q{self.number}"

    @property
    def label(self) -> str:
        return f"문제 {self.number}"

    @property
    def declared(self) -> list[str]:
        """확인 줄이 넘기는 변수 이름들: 답(빈칸 변수), 그다음 ``args`` 의 노트북 값. 채점기도 이 순서로 되살린다."""
        return [*self.answers, *self.args]

    @property
    def call(self) -> str:
        """노트북에서 부르는 모양: ``ex.q1.check(first_dense_params)``."""
        return f"ex.q{self.number}.check({', '.join(self.declared)})"

    @property
    def solution_code(self) -> str:
        """빈칸을 모두 채운 코드(정답지와 ``solution()`` 이 같은 것을 쓴다)."""
        return "\n".join(fill_code(var, code) for var, code in self.answers.items())

    def __repr__(self) -> str:
        blanks = ", ".join(self.answers)
        return f"<{self.key}: {self.title} (빈칸: {blanks}; 확인: {self.call})>"

    # --- 확인 ---

    def _result(self, outcome: Outcome, message: str = "", code: str | None = None) -> CheckResult:
        return CheckResult(self, outcome, message, code)

    def evaluate(self, *values, **named) -> CheckResult:
        """답(과 필요한 노트북 값)을 확인해 결과를 돌려준다(화면에는 보이지 않는다).

        Args:
            *values: 빈칸 변수들의 값, 이어서 ``args`` 에 적힌 노트북 값들.
            **named: 받지 않는다. ``check(답=값)`` 처럼 이름을 붙여 넘기면 그렇게 하지 말라고 알린다(예외 대신).

        Returns:
            CheckResult. 어떤 답을 넘겨도 예외를 내지 않는다(키보드 중단만 그대로 올려 보낸다).
        """
        if named:
            return self._result(
                Outcome.INCORRECT,
                f"`이름=값` 꼴로 넘겼습니다({', '.join(f'`{name}=`' for name in named)}). 이름 없이 변수만 차례로 넘기세요: "
                f"`{self.call}`. 셀에 있던 check 줄을 그대로 두면 됩니다.",
            )
        try:
            return self._evaluate(values)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # 답이 비교·길이·참거짓에서 오류를 내도 노트북은 멈추지 않는다
            return self._unexpected(exc)

    def _unexpected(self, exc: BaseException) -> CheckResult:
        return self._result(
            Outcome.INCORRECT,
            f"답을 확인하다가 오류가 났습니다({describe_error(exc)}). "
            f"답의 종류와 모양이 문제가 묻는 것과 같은지 살펴보세요. 막히면 `ex.q{self.number}.hint()`.",
        )

    def _evaluate(self, values) -> CheckResult:
        n_answers, expected = len(self.answers), len(self.answers) + len(self.args)
        if len(values) != expected:
            return self._result(
                Outcome.INCORRECT,
                f"`{self.call}` 처럼 값 {expected}개를 넘겨야 합니다(받은 값: {len(values)}개). "
                "셀에 있던 check 줄을 고치지 말고 그대로 두세요.",
            )
        answers, context = values[:n_answers], values[n_answers:]
        blanks = [name for name, value in zip(self.answers, answers) if is_blank(value)]
        if blanks:
            lines = ", ".join(f"`{name} = ____`" for name in blanks)
            return self._result(
                Outcome.NOT_ATTEMPTED,
                f"{lines} 줄의 빈칸(`____`)을 답으로 바꾸고 셀을 다시 실행하세요. "
                f"막히면 `ex.q{self.number}.hint()`, 풀이는 `ex.q{self.number}.solution()`.",
            )
        blank_args = [name for name, value in zip(self.args, context) if is_blank(value)]
        if blank_args:
            names = ", ".join(f"`{name}`" for name in blank_args)
            return self._result(
                Outcome.NOT_ATTEMPTED,
                f"이 문제가 쓰는 값 {names} 에 아직 빈칸이 있습니다. 그 값을 만드는 앞 문제를 먼저 푸세요.",
            )
        try:
            self.checker(*answers, *context)
        except Incorrect as exc:
            return self._result(Outcome.INCORRECT, str(exc.message), exc.template)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # 뜻밖의 답이어도 노트북은 멈추지 않고, 무엇이 문제인지 알린다.
            return self._unexpected(exc)
        return self._result(Outcome.CORRECT, self.explanation or "잘했습니다!")

    def check(self, *values, **named) -> None:
        """답을 확인하고 결과를 보여 준다(노트북에서는 색 상자, 콘솔에서는 평문).

        Args:
            *values: 빈칸 변수들의 값, 이어서 문제가 쓰는 노트북 값들(``call`` 참고).
            **named: 받지 않는다(``evaluate`` 가 이름 없이 넘기라고 알린다).
        """
        result = self.evaluate(*values, **named)
        try:
            show(result)
        except KeyboardInterrupt:
            raise
        except Exception:  # 화면 표시 도구가 망가져도 결과는 평문으로 보인다
            print(repr(result))

    # --- 힌트와 풀이 ---

    def hint_feedback(self, n: int = 1) -> Feedback:
        """n 번째 힌트 상자(화면에는 보이지 않는다)."""
        title = f"{self.label}. {self.title}"
        if not self.hints:
            return Feedback("hint", "힌트", title, "이 문제에는 힌트가 없습니다. 풀이를 보려면 solution() 을 부르세요.")
        n = min(max(int(n), 1), len(self.hints))
        more = (f"\n(힌트가 더 있습니다: `ex.q{self.number}.hint({n + 1})`)" if n < len(self.hints) else "")
        label = f"힌트 {n}/{len(self.hints)}: " if len(self.hints) > 1 else ""
        return Feedback("hint", "힌트", title, label + self.hints[n - 1] + more)

    def solution_feedback(self) -> Feedback:
        """풀이 상자: 빈칸을 채운 코드와 설명(화면에는 보이지 않는다)."""
        return Feedback("solution", "풀이", f"{self.label}. {self.title}", self.explanation, self.solution_code)

    def hint(self, n: int = 1) -> None:
        """힌트를 보여 준다. 힌트가 여러 개면 ``hint(2)`` 처럼 다음 힌트를 고른다."""
        show(self.hint_feedback(n))

    def solution(self) -> None:
        """풀이(빈칸을 채운 코드와 설명)를 보여 준다."""
        show(self.solution_feedback())
