"""Google Colab 흉내(scripts/colab_check.py 전용): 노트북이 Colab 에서만 가는 길을 이 기계에서 실행해 보려고 둔다.

진짜 ``google.colab`` 처럼 가져오면 ``files`` 와 ``output`` 을 함께 가져온다. 검사 스크립트는 커널이 시작할 때
(IPython 시작 파일) 이 패키지를 가져온다: Colab 의 커널도 시작할 때 ``google.colab`` 을 가져온다.
``google/__init__.py`` 는 두지 않는다: ``google`` 은 protobuf 와 함께 쓰는 이름공간 패키지다.
"""

from google.colab import files, output  # noqa: F401
