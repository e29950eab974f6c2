"""nbformat 을 1초 빨리 가져오기: 노트북을 다루는 도구 프로세스(채점기, 실행기, 테스트)가 쓴다.

nbformat 은 jsonschema 를 가져오고, jsonschema 는 가져올 때 ``rfc3987_syntax`` 가 깔려 있으면 'iri' 형식 검사용 lark
문법을 만든다(이 기계에서 1초 남짓, 프로세스마다). nbformat 은 형식(format) 검사를 쓰지 않으므로(``Draft4Validator`` 에
``format_checker`` 를 주지 않는다) 그 모듈을 없는 것으로 두어도 노트북의 읽기·검증·쓰기는 그대로다: jsonschema 는
``ImportError`` 를 삼키고 'iri' 검사만 빼고 만든다(실행기 명령과 강사용 명령 모두: tests/test_runner.py 가 확인한다).

학생 노트북의 커널은 이것을 부르지 않는다. 부른 프로세스 안에서만이고, 이미 가져온 뒤에는 아무것도 바꾸지 않는다.
"""

from __future__ import annotations

import sys

IRI_GRAMMAR_MODULE = "rfc3987_syntax"


def skip_iri_grammar() -> None:
    """이 프로세스에서 ``rfc3987_syntax`` 를 없는 것으로 둔다. nbformat(jsonschema) 을 가져오기 전에 부른다."""
    sys.modules.setdefault(IRI_GRAMMAR_MODULE, None)
