"""제출물 하나의 상태 이름 한 곳(채점표의 '상태' 열). 문제 하나의 결과 이름은 채점표(``gradebook``)에 있다.

실행기(``runner``), 제출물 찾기(``submissions``), 채점(``grading``), 채점표(``gradebook``)가 모두 여기서 가져다 쓴다.
실행기는 제출물마다 새로 시작하므로 이 모듈은 아무것도 가져오지 않는다.
"""

from __future__ import annotations

# 실행기가 노트북 하나를 돌린 결과
DONE = "완료"
ERROR = "오류"
TIMEOUT = "시간 초과"
RUN_STATUSES = (DONE, ERROR, TIMEOUT)

# 실행하기 전에 정해지는 상태
NOT_JSON = "JSON 아님"
NOT_NOTEBOOK = "노트북 아님"
OTHER_LESSON = "다른 수업"
NOT_GRADED = "미채점"

STATUSES = (DONE, ERROR, TIMEOUT, NOT_JSON, NOT_NOTEBOOK, OTHER_LESSON, NOT_GRADED)
GRADABLE = RUN_STATUSES  # 정답률의 분모: 이 수업의 노트북을 실행한 제출물
