"""용어집: STYLE 의 용어표에 있는 말(이 시리즈가 고른 말과, 다른 책의 이름)이 모두 GLOSSARY.md 에 있다."""

import re

import pytest

from conftest import ROOT

GLOSSARY = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
STYLE = ROOT.parent / "shared" / "STYLE.md"

# STYLE.md 의 "Korean terms" 표: (이 시리즈가 쓰는 말, 다른 책에서 만나는 이름). 표가 바뀌면 아래 테스트가 알려 준다.
CHOSEN = [
    "학습", "훈련 세트", "검증 세트", "테스트 세트", "에포크", "배치 크기", "손실 함수", "옵티마이저", "학습률",
    "평가 지표", "정확도", "은닉층", "출력층", "밀집층", "활성화 함수", "과적합", "과소적합", "정규화", "규제",
    "드롭아웃", "배치 정규화", "조기 종료", "데이터 증강", "합성곱", "특성 맵", "오차 행렬", "레이블", "샘플",
    "그레이디언트", "경사 하강법", "역전파", "미분", "기울기", "하이퍼파라미터", "가중치", "편향", "초깃값", "특성",
]
OTHERS = [
    "훈련", "검증 데이터", "최적화 알고리즘", "학습 속도", "은닉 층", "완전 연결층", "과대적합", "오버피팅",
    "스케일링", "데이터 증식", "피처 맵", "혼동 행렬", "타깃", "라벨", "그래디언트", "기울기",
    "경사하강법", "오차 역전파", "도함수", "초매개변수", "바이어스", "초기값", "특징", "피처",
]


def _glossary_terms() -> set[str]:
    """용어집 표의 첫 칸(이 시리즈의 용어). 괄호 속 덧말은 뺀다."""
    terms = set()
    for line in GLOSSARY.splitlines():
        if line.startswith("| ") and not line.startswith("| 이 시리즈의 용어"):
            first = line.split("|")[1].strip()
            terms.add(re.sub(r"\s*\(.*\)$", "", first))
    return terms


@pytest.mark.parametrize("term", CHOSEN)
def test_every_chosen_term_has_its_own_row(term):
    assert term in _glossary_terms(), f"용어집에 '{term}' 의 행이 없습니다"


@pytest.mark.parametrize("name", OTHERS)
def test_other_names_students_meet_are_listed(name):
    assert name in GLOSSARY, f"용어집에 없는 다른 이름: '{name}'"


def test_rows_name_the_notebook_that_introduces_the_term():
    rows = [line.split("|")[1:-1] for line in GLOSSARY.splitlines()
            if line.startswith("| ") and not line.startswith("| 이 시리즈의 용어")]
    assert len(rows) >= len(CHOSEN)
    notebooks = {p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    for cells in rows:
        assert len(cells) == 4, cells
        assert cells[3].strip() in notebooks, f"{cells[0].strip()}: 처음 나오는 노트북이 없습니다: {cells[3].strip()!r}"


@pytest.mark.skipif(not STYLE.is_file(), reason="STYLE.md 는 저장소 밖(../shared)에 있다")
def test_lists_match_the_style_table():
    table = STYLE.read_text(encoding="utf-8").split("## Korean terms", 1)[1]
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| ") and "English" not in line]
    def words(cell):
        cell = re.sub(r"\([^)]*\)", "", cell)
        return {w.strip() for w in re.split(r"[/,]", cell) if w.strip() and not re.search(r"[A-Za-z]", w)}
    chosen = set().union(*(words(r[1]) for r in rows))
    others = set().union(*(words(r[2]) for r in rows))
    assert chosen == set(CHOSEN)
    assert others - {"정규화"} == set(OTHERS)
