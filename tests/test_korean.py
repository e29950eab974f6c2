"""학생이 읽는 한국어의 규칙: 조사 템플릿이 없고, 조사는 앞말의 읽는 소리로 고르고, 용어는 용어집 하나, 합니다체.

읽는 글: 노트북의 모든 마크다운, 노트북 코드의 주석과 문자열(출력, 그림 제목), ``mnist_lesson`` 의 문자열
(오류 메시지, 피드백, 그림 글자; 독스트링은 빼고). 규칙은 CONTRIBUTING.md 의 '한국어' 절에 있다.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT

NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
MODULE_PATHS = sorted((ROOT / "mnist_lesson").rglob("*.py"))
HANGUL = re.compile(r"[가-힣]")


# --- 읽는 글 모으기 -----------------------------------------------------------------------------------


def _strings(tree) -> list[str]:
    """문자열 상수와 f-문자열(끼워 넣는 자리는 ``{}``). 독스트링은 뺀다."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    parts_of_fstrings = set()
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = ""
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts_of_fstrings.add(id(value))
                    text += str(value.value)
                else:
                    text += "{}"
            out.append(text)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings and id(node) not in parts_of_fstrings):
            out.append(node.value)
    return [s for s in out if HANGUL.search(s)]


def _comments(source: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [tok.string.lstrip("#").strip() for tok in tokens if tok.type == tokenize.COMMENT and HANGUL.search(tok.string)]


def notebook_texts(path) -> list[tuple[str, str]]:
    """노트북에서 학생이 읽는 글: (어디, 글) 목록. 종류는 markdown, comment, string."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for i, cell in enumerate(nb.cells):
        where = f"{path.name} 셀 {i}"
        if cell.cell_type == "markdown":
            out.append((f"{where} (markdown)", cell.source))
        elif cell.cell_type == "code":
            out += [(f"{where} (주석)", c) for c in _comments(cell.source)]
            out += [(f"{where} (문자열)", s) for s in _strings(ast.parse(cell.source))]
    return out


def module_texts(path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(str(path.relative_to(ROOT)), s) for s in _strings(tree)]


def _prose(text: str) -> str:
    """코드 블록과 `코드` 는 빼고(글자 수는 그대로 두지 않는다), 조사 검사에 쓸 글을 남긴다."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    return text


# --- 1. 조사 템플릿 -----------------------------------------------------------------------------------

TEMPLATE = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로|\(이\)")


def _templates(texts):
    return [f"{where}: …{text[max(0, m.start() - 20):m.end() + 5]}…"
            for where, text in texts for m in TEMPLATE.finditer(text)]


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebooks_have_no_particle_templates(path):
    found = _templates(notebook_texts(path))
    assert not found, "조사 템플릿 대신 앞말에 맞는 조사 하나를 쓰세요:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULE_PATHS, ids=[str(p.relative_to(ROOT)) for p in MODULE_PATHS])
def test_module_messages_have_no_particle_templates(path):
    found = _templates(module_texts(path))
    assert not found, (
        "조사 템플릿 대신, 실행할 때 끼워 넣는 값 뒤에는 한국어 명사나 바뀌지 않는 조사(의, 에, 에서, 도, 만)를 쓰세요:\n"
        + "\n".join(found)
    )


# --- 2. 앞말의 읽는 소리로 고른 조사 -------------------------------------------------------------------
#
# 받침이 없으면 는/가/를/와/로, 받침이 있으면 은/이/을/과/으로(ㄹ 받침은 '로').
# 라틴 낱말과 숫자는 한국어로 읽은 소리로: ReLU(렐루) 는, Keras(케라스) 가, Adam(아담) 은, CNN(씨엔엔) 은,
# 05(공오) 는, 06(공육) 은, 10(십) 은, 0.001(영 점 영영일) 은, 98.5%(퍼센트) 는.

VOWEL, RIEUL, CONSONANT = "받침 없음", "ㄹ 받침", "받침 있음"

# 영어 낱말을 한국어로 읽은 끝소리는 대개 철자로 정해진다(_english_final). 철자로 정해지지 않는 낱말만 여기에 적는다.
READINGS = {
    "jupyterlab": CONSONANT,  # 주피터랩
    "colab": CONSONANT,  # 코랩
    "type": CONSONANT, "dtype": CONSONANT,  # 타입
    "jpeg": CONSONANT,  # 제이펙
    "stack": CONSONANT,  # 스택
    "#": CONSONANT,  # 샵
    "/": VOWEL,  # 슬래시
    "____": CONSONANT,  # 빈칸
}
# 대문자 약어는 글자 이름으로 읽는다: 엘·알은 ㄹ, 엠·엔은 받침, 나머지(에이, 비, 씨, …)는 받침 없음.
_LETTER = {"L": RIEUL, "R": RIEUL, "M": CONSONANT, "N": CONSONANT}


def _english_final(word: str) -> str:
    """영어 낱말(소문자)을 한국어로 읽은 끝소리: model(모델)은 ㄹ, adam(아담)은 받침, fit(핏)은 받침, test(테스트)는 없음."""
    if word in READINGS:
        return READINGS[word]
    if len(word) == 1:
        return _LETTER.get(word.upper(), VOWEL)
    last, prev = word[-1], word[-2]
    if word.endswith("ng") or last in "mn":
        return CONSONANT  # 패딩, 아담, 런
    if last == "l":
        return RIEUL  # 모델, 풀
    if last == "e":
        return RIEUL if prev == "l" else CONSONANT if prev in "mn" else VOWEL  # 컴파일, 논, 셰이프
    if last in "ktp":  # 짧은 모음 + k·t·p 는 받침(핏, 셋업, 드롭아웃), 자음 뒤면 '으'를 붙여 읽는다(테스트, 프리딕트)
        short = prev in "aeiou" and (len(word) < 3 or word[-3] not in "aeiou" or word.endswith("out"))
        return CONSONANT if short else VOWEL
    return VOWEL  # a i o u y, r(어), s·x(스), h(시·치·스), w(오·우), b·d·f·g·v·z(으)


def _digit_reading(number: str) -> str:
    """숫자(쉼표·소수점 포함)를 읽은 소리의 끝: 일·칠·팔은 ㄹ, 이·사·오·구는 받침 없음, 나머지(영·삼·육, 십·백·천·만)는 받침."""
    number = number.replace(",", "")
    if "." in number:
        last = number.rstrip(".")[-1]
    else:
        stripped = number.lstrip("0") or "0"
        if stripped == "0":
            return CONSONANT  # 영, 공
        if stripped[-1] == "0":
            return CONSONANT  # 십, 백, 천, 만, 십만…
        last = stripped[-1]
    return {"1": RIEUL, "7": RIEUL, "8": RIEUL, "2": VOWEL, "4": VOWEL, "5": VOWEL, "9": VOWEL}.get(last, CONSONANT)


def _hangul_final(ch: str) -> str:
    code = ord(ch) - 0xAC00
    final = code % 28
    return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT


PARTICLES = {  # 조사 → 앞말이 가져야 할 소리
    "은": (RIEUL, CONSONANT), "는": (VOWEL,), "이": (RIEUL, CONSONANT), "가": (VOWEL,),
    "을": (RIEUL, CONSONANT), "를": (VOWEL,), "과": (RIEUL, CONSONANT), "와": (VOWEL,),
    "으로": (CONSONANT,), "로": (VOWEL, RIEUL), "이라고": (RIEUL, CONSONANT), "라고": (VOWEL,),
    "이라는": (RIEUL, CONSONANT), "라는": (VOWEL,), "이란": (RIEUL, CONSONANT), "란": (VOWEL,),
}
# 앞말: `코드`, f-문자열의 끼워 넣는 자리({}), 라틴 낱말·숫자(괄호가 붙을 수 있다), 괄호 덧말이 붙은 한글 낱말.
_WORD = r"(?:`[^`\n]+`|\{\}|[A-Za-z0-9](?:[A-Za-z0-9_%+\-]|[.,](?=[A-Za-z0-9]))*(?:\([^()\n]*\))?|[가-힣]+\([^()\n]*\))"
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
_AFTER = re.compile(
    rf"(?<![A-Za-z0-9_.`가-힣])(?P<word>{_WORD})(?:\*\*|[\"'”’])*(?P<space> ?)(?P<particle>{_PARTICLE})(?![가-힣])"
)


def _strip_calls(code: str) -> str:
    """끝에 붙은 괄호 묶음(호출, 첨자)을 떼어 낸다: model.fit(x, y) → model.fit, x_train[:5] → x_train."""
    pairs = {")": "(", "]": "["}
    while code and code[-1] in pairs:
        closing = code[-1]
        depth, i = 0, len(code) - 1
        for i in range(len(code) - 1, -1, -1):
            if code[i] in pairs:
                depth += 1
            elif code[i] in pairs.values():
                depth -= 1
                if depth == 0:
                    break
        if depth != 0:
            return code
        inner, code = code[i + 1:-1], code[:i].rstrip()
        if HANGUL.search(inner[-1:]) and (closing == "]" or re.search(r"[a-z]$", code)):
            return re.split(r"[,:\s]+", inner)[-1]  # ink[위:아래] 는 '잉크 위 아래', log(확률) 은 '로그 확률' 로 읽는다
        if not re.search(r"[A-Za-z0-9가-힣]", code):  # 괄호뿐인 값(튜플, √(…) 등)은 괄호 속 마지막 항목으로 읽는다
            return _strip_calls(re.split(r"[,\s/]+", inner.strip(" ,"))[-1]) if inner.strip(" ,") else ""
    return code


def _reading(word: str) -> str | None:
    """낱말을 읽은 소리의 끝. 괄호 덧말과 호출 괄호는 빼고 그 앞의 말로 읽는다. 읽을 수 없으면 None."""
    word = _strip_calls(word.strip("`").strip()).strip("\"'").rstrip(".,:")
    if not word:
        return None
    if HANGUL.search(word[-1]):
        return _hangul_final(word[-1])
    if word.endswith(("%", "%p")):
        return VOWEL  # 퍼센트, 퍼센트포인트
    if word.lower() in READINGS:
        return READINGS[word.lower()]
    last = re.split(r"[.\s=/:,~×+\-]+", word)[-1] or word
    number = re.search(r"[0-9][0-9,]*(\.[0-9]+)?$", last)
    if number and (number.start() == 0 or not last[number.start() - 1].isdigit()):
        if number.start() == 0 or "." not in number.group(0):
            return _digit_reading(number.group(0))  # 06, 0.001, float32(삼십이), uint8(팔)
    last = last.split("_")[-1] or last  # x_train → train, val_loss → loss
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", last)  # EarlyStopping → Early, Stopping; MaxPooling2D → …, 2, D
    if not parts:
        return READINGS.get(last)
    tail = parts[-1]
    if tail.isdigit():
        return _digit_reading(tail)
    if tail.isupper() and len(tail) <= 5:
        return _LETTER.get(tail[-1], VOWEL)  # CNN(씨엔엔), MLP(엠엘피), MNIST(엠니스트)
    return _english_final(tail.lower())


def particle_problems(texts) -> tuple[list[str], set[str]]:
    """(틀린 조사, 읽는 소리를 모르는 낱말)."""
    wrong, unknown = [], set()
    for where, text in texts:
        for line in _prose(text).splitlines():
            for m in _AFTER.finditer(line):
                word, particle = m.group("word"), m.group("particle")
                context = line[max(0, m.start() - 20):m.end() + 3]
                if word.strip("`").endswith("{}"):
                    wrong.append(f"{where}: 끼워 넣는 값 뒤에 '{particle}' (값 대신 명사를 두거나 의·에·도를 쓰세요): …{context}…")
                    continue
                reading = _reading(word)
                if reading is None:
                    unknown.add(word.strip("`"))
                elif reading not in PARTICLES[particle]:
                    wrong.append(f"{where}: '{word}' 은(는) {reading} → '{particle}' 가 맞지 않습니다: …{context}…")
    return wrong, unknown


@pytest.mark.parametrize(
    "text, ok",
    [
        ("ReLU 는", True), ("ReLU 은", False), ("Keras 가", True), ("Keras 이", False), ("softmax 를", True),
        ("Adam 은", True), ("Adam 는", False), ("CNN 은", True), ("CNN 는", False), ("MLP 는", True), ("MLP 은", False),
        ("05 는", True), ("06 은", True), ("06 는", False), ("10 은", True), ("0.001 은", True), ("0.002 는", True),
        ("float32 로", True), ("float32 으로", False), ("0~1 로", True), ("98.5% 는", True), ("128 로", True),
        ("`model` 은", True), ("`fit` 은", True), ("`fit` 는", False), ("`predict` 는", True), ("`Dropout(0.2)` 을", True),
        ("`Dropout(0.2)` 를", False), ("`x_train[:5]` 를", False), ("**규제(regularization)** 라고", True),
        ("과적합(overfitting) 이", True), ("-log(확률)을", True), ("PNG(RGB 또는 흑백)로", True),
        ("`√(p(1−p)/n)` 과", True), ("2코어 CPU, 이 실행", True), ("60,000장", True), ("50,000 은", True), ("`(60000, 28, 28)` 로", True),
        ("f'{path} 을'", False), ("f'{path} 파일이'", True), ("f'{n}개의 값'", True),
    ],
)
def test_particle_rule_examples(text, ok):
    """CONTRIBUTING 의 예가 규칙대로 판정된다(검사기 자신의 테스트)."""
    if text.startswith("f'"):
        texts = [("예", _strings(ast.parse(text))[0])] if HANGUL.search(text) else []
    else:
        texts = [("예", f"이 문장에서 {text} 다음 말입니다.")]
    wrong, unknown = particle_problems(texts)
    assert not unknown
    assert (not wrong) == ok, wrong


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebook_particles_follow_the_reading(path):
    wrong, unknown = particle_problems(notebook_texts(path))
    assert not unknown, f"읽는 소리를 알 수 없는 낱말: {sorted(unknown)} (tests/test_korean.py 의 READINGS 에 더하세요)"
    assert not wrong, "조사를 앞말의 읽는 소리에 맞추세요:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", MODULE_PATHS, ids=[str(p.relative_to(ROOT)) for p in MODULE_PATHS])
def test_module_message_particles_follow_the_reading(path):
    wrong, unknown = particle_problems(module_texts(path))
    assert not unknown, f"읽는 소리를 알 수 없는 낱말: {sorted(unknown)} (tests/test_korean.py 의 READINGS 에 더하세요)"
    assert not wrong, "조사를 앞말의 읽는 소리에 맞추세요:\n" + "\n".join(wrong)


# --- 3. 용어: GLOSSARY.md 의 '이 시리즈의 용어' 하나 -----------------------------------------------------

# 다른 책에서 만나는 이름 → 이 시리즈의 용어. 다른 이름을 소개하는 문장('다른 책', '라고도')에서는 써도 된다.
OTHER_NAMES = {
    "특징": "특성", "처음 값": "초깃값", "초기값": "초깃값", "초기 가중치": "가중치의 초깃값", "그래디언트": "그레이디언트",
    "혼동 행렬": "오차 행렬", "과대적합": "과적합", "오버피팅": "과적합", "언더피팅": "과소적합", "정칙화": "규제",
    "라벨": "레이블", "피처 맵": "특성 맵", "특징 맵": "특성 맵", "컨볼루션": "합성곱", "콘볼루션": "합성곱",
    "완전 연결층": "밀집층", "전결합층": "밀집층", "히든 레이어": "은닉층", "바이어스": "편향", "웨이트": "가중치",
    "크로스 엔트로피": "교차 엔트로피", "혼돈 행렬": "오차 행렬", "얼리 스토핑": "조기 종료", "데이터 증식": "데이터 증강",
    "미니배치 크기": "배치 크기", "활성 함수": "활성화 함수", "학습 데이터": "훈련 세트", "훈련 데이터": "훈련 세트",
}
_INTRODUCES_OTHER_NAMES = re.compile(r"다른 책|라고도|이라고도")


def term_problems(texts) -> list[str]:
    found = []
    for where, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if _INTRODUCES_OTHER_NAMES.search(sentence):
                continue
            for other, ours in OTHER_NAMES.items():
                if other in sentence:
                    found.append(f"{where}: '{other}' 대신 '{ours}': …{sentence.strip()[:80]}…")
    return found


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebooks_use_the_glossary_terms(path):
    found = term_problems(notebook_texts(path))
    assert not found, "용어집(GLOSSARY.md)의 용어 하나만 씁니다:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULE_PATHS, ids=[str(p.relative_to(ROOT)) for p in MODULE_PATHS])
def test_module_messages_use_the_glossary_terms(path):
    found = term_problems(module_texts(path))
    assert not found, "용어집(GLOSSARY.md)의 용어 하나만 씁니다:\n" + "\n".join(found)


def test_every_other_name_checked_is_in_the_glossary():
    glossary = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    for ours in set(OTHER_NAMES.values()) - {"가중치의 초깃값"}:
        assert ours in glossary, ours


# --- 4. 합니다체 -------------------------------------------------------------------------------------
#
# 학생이 읽는 문장(마크다운의 글과 목록, 출력하는 문자열)은 '-습니다/-ㅂ니다', '-요', '-세요' 로 끝난다.
# '…한다.', '…쓴다', '…이다' 처럼 끝나면 한다체다. 코드 블록, `코드`, 따옴표 속 인용, 코드 주석은 보지 않는다.

_PLAIN_ENDING = re.compile(r"(?P<word>[가-힣]*[가-힣])다(?=\s*(?:$|[.!?:;|)\]]|,\s*$))")


def _polite(ending: str) -> bool:
    """'-니다' 와 '-ㅂ시다'(해 봅시다, 확인합시다)는 합니다체다."""
    if ending.endswith(("니다", "마다", "보다")):  # '합성곱마다', '검증 정확도보다' 는 조사다
        return True
    return ending.endswith("시다") and len(ending) >= 3 and _final_code(ending[-3]) == 17  # ㅂ 받침


def _final_code(ch: str) -> int:
    return (ord(ch) - 0xAC00) % 28 if HANGUL.fullmatch(ch) else -1


def register_problems(texts) -> list[str]:
    found = []
    for where, text in texts:
        if "(주석)" in where:
            continue
        prose = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
        prose = re.sub(r"`[^`\n]*`", "코드", prose)
        prose = re.sub(r"\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*'", "인용", prose).replace("**", "")
        for line in prose.splitlines():
            for m in _PLAIN_ENDING.finditer(line):
                ending = m.group("word") + "다"
                if _polite(ending):
                    continue
                found.append(f"{where}: '{ending}' (합니다체로): …{line[max(0, m.start() - 30):m.end() + 2].strip()}…")
    return found


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebooks_speak_in_hamnida_style(path):
    found = register_problems(notebook_texts(path))
    assert not found, "학생이 읽는 문장은 합니다체로 씁니다:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULE_PATHS, ids=[str(p.relative_to(ROOT)) for p in MODULE_PATHS])
def test_module_messages_speak_in_hamnida_style(path):
    found = register_problems(module_texts(path))
    assert not found, "학생이 읽는 메시지는 합니다체로 씁니다:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text, ok",
    [("학습합니다.", True), ("학습한다.", False), ("- 가중치를 고치는 데 쓴다", False), ("- 가중치를 고치는 데 씁니다", True),
     ("정답입니다!", True), ("| 학습은 이 값을 줄인다 |", False), ('원본은 "적절한 일반화다"라고 했습니다.', True),
     ("`x` 를 넘긴다면 이렇게 됩니다.", True), ("괜찮아요.", True), ("확인해 봅시다.", True), ("## 3. 곡선으로 본다", False),
     ("뉴런 하나는 입력마다 **가중치**를 곱합니다.", True), ("- 배치 정규화: 없음, 합성곱마다", True)],
)
def test_register_rule_examples(text, ok):
    assert (not register_problems([("예", text)])) == ok


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebook_comments_are_in_plain_style(path):
    """노트북 코드의 주석은 평서체다(CONTRIBUTING 의 '한국어'). ``nbtools`` 가 만들어 넣는 부트스트랩 셀과 준비 셀의 첫 두 줄은
    학생에게 건네는 말이라 합니다체이므로 뺀다."""
    from mnist_lesson import bootstrap

    found = []
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code" or cell.source.startswith(bootstrap.BOOTSTRAP_MARKER):
            continue
        source = cell.source.removeprefix(bootstrap.SETUP_HEAD)
        found += [f"셀 {i}: # {c}" for c in _comments(source) if re.search(r"(니다|세요)[.)]*$", c)]
    assert not found, "코드 주석은 평서체(…한다, …이다)로 씁니다:\n" + "\n".join(found)
