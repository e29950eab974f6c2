"""``google.colab.files`` 흉내: ``upload()`` 는 사용자가 사진 하나를 고른 것처럼 한다."""

import os
from pathlib import Path

calls = []  # 검사 스크립트가 읽는다: upload() 가 불린 횟수와 저장한 파일


def upload():
    """진짜는 브라우저에서 파일을 고르게 하고, 지금 폴더에 저장한 뒤 ``{원래 이름: 내용}`` 을 돌려준다.

    여기서는 ``COLAB_STUB_UPLOAD`` 의 파일을 ``my_digit.png`` 라는 이름으로 '고른다'(없으면 취소한 것처럼 빈 사전).
    같은 이름이 있으면 진짜처럼 ``my_digit (1).png`` 로 저장한다.
    """
    source = os.environ.get("COLAB_STUB_UPLOAD")
    if not source:
        calls.append(None)
        return {}
    name, content = "my_digit.png", Path(source).read_bytes()
    target, n = Path(name), 0
    while target.exists():
        n += 1
        target = Path(f"my_digit ({n}).png")
    target.write_bytes(content)
    print(f"Saving {name} to {target}")
    calls.append(str(target))
    return {name: content}
