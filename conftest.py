"""pytest 전체(단위 테스트와 nbmake 가 실행하는 노트북) 공통 설정.

빠른 모드, 실제 MNIST 파일의 위치, 테스트 전용 저장 폴더를 환경 변수로 정한다. 이 값은 nbmake 가
띄우는 노트북 커널에도 물려진다. 이미 정해진 값은 바꾸지 않는다.
"""

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"

os.environ.setdefault("MNIST_LESSON_FAST", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if SHARED_MNIST.is_file():
    os.environ.setdefault("MNIST_LESSON_DATA", str(SHARED_MNIST))
# 학생이 notebooks/artifacts 에 저장한 모델을 테스트가 덮어쓰지 않도록 따로 둔다.
# pytest-xdist 의 작업자들은 같은 실행 ID 를 공유하므로 같은 폴더를 쓴다.
_run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
os.environ.setdefault(
    "MNIST_LESSON_ARTIFACTS", str(Path(tempfile.gettempdir()) / f"mnist-lesson-test-{_run_id}")
)
