"""pytest 전체(단위 테스트와 nbmake 가 실행하는 노트북) 공통 설정.

빠른 모드, 실제 MNIST 파일의 위치, 테스트 전용 저장 폴더를 환경 변수로 정한다. 이 값은 nbmake 가
띄우는 노트북 커널에도 물려진다. 이미 정해진 값은 바꾸지 않는다.
"""

import os
import tempfile
from pathlib import Path

from mnist_lesson import envvars  # 환경 변수 이름(가벼운 모듈: TensorFlow·NumPy 를 가져오지 않는다)
from mnist_lesson.nbimport import skip_iri_grammar

# 테스트 프로세스(작업자마다)가 nbformat 을 가져올 때 jsonschema 의 'iri' 문법을 만드는 1초 남짓을 아낀다(까닭은
# nbimport). 그래서 pyproject 의 addopts 가 nbmake 의 pytest 플러그인을 끈다(플러그인은 이 파일보다 먼저 nbformat 을
# 가져온다). 노트북은 tests/test_lessons.py 가 nbmake 의 실행기(NotebookRun)로 직접 실행하므로 플러그인은 쓰지 않는다.
skip_iri_grammar()

ROOT = Path(__file__).resolve().parent
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"

# 노트북 커널도 이 저장소의 mnist_lesson 을 가져오게 한다(다른 곳에 설치된 판이 아니라, 지금 테스트하는 판).
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
os.environ.setdefault(envvars.FAST, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if SHARED_MNIST.is_file():
    os.environ.setdefault(envvars.DATA, str(SHARED_MNIST))
# 학생이 notebooks/artifacts 에 저장한 모델을 테스트가 덮어쓰지 않도록 따로 둔다.
# pytest-xdist 의 작업자들은 같은 실행 ID 를 공유하므로 같은 폴더를 쓴다.
_run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
os.environ.setdefault(
    envvars.ARTIFACTS, str(Path(tempfile.gettempdir()) / f"mnist-lesson-test-{_run_id}")
)


def pytest_collection_modifyitems(config, items):
    """노트북 실행(tests/test_lessons.py)을 맨 앞으로. 나머지 순서는 그대로다.

    pytest-xdist(``--dist loadgroup``)는 한 작업자에 묶은 무리(``xdist_group``)를 테스트 수가 많은 것부터 먼저 주고,
    테스트 하나짜리는 모은 순서대로 빈 작업자에게 하나씩 준다(xdist/scheduler/loadscope.py). 그래서 이 정렬은 혼자 도는
    노트북들을 다른 낱개 테스트보다 앞에 둔다. 오래 걸리는 노트북이 끝에 몰리면 한 작업자가 혼자 그것을 돌리는 동안
    다른 작업자가 놀므로, 긴 것을 먼저 돌리고 짧은 단위 테스트로 빈틈을 메운다.
    (어느 작업자든 같은 순서로 모아야 하므로, 이름만 보는 안정 정렬이다.)
    """
    items.sort(key=lambda item: not item.nodeid.startswith("tests/test_lessons.py"))


def pytest_sessionstart(session):
    """테스트에는 전체 MNIST 가 필요하다. 없으면 수십 개의 알 수 없는 실패 대신, 시작할 때 한 번 무엇을 하면 되는지 알린다.

    Keras 로 받을 때는 여기서 한 번 내려받아 캐시에 두므로, 병렬 작업자들은 같은 파일을 따로 받지 않고 캐시를 읽는다.
    (빠른 모드의 노트북은 데이터가 없으면 5,000장 표본으로 계속하지만, 테스트는 전체 데이터로 정확도 범위를 확인한다.)
    """
    if hasattr(session.config, "workerinput"):  # pytest-xdist 작업자: 시작한 쪽이 이미 확인했다
        return
    import pytest

    from mnist_lesson import data
    from mnist_lesson.errors import ConfigError, MnistDataError

    try:
        source = data.resolve_source()  # 노트북의 load_mnist 와 같은 규칙
        if source.kind == data.SAMPLE:
            raise MnistDataError(
                f"{envvars.DATA}={data.SAMPLE_SOURCE} 설정은 5,000장 표본입니다. 테스트할 때는 이 변수를 지우거나"
                "(Keras 가 내려받습니다) 전체 mnist.npz 의 경로를 주세요."
            )
        if source.kind == data.FILE:
            data.load_source(source)
        else:
            data.download_mnist()  # 빠른 모드라도 표본으로 바꾸지 않는다
    except ConfigError as exc:  # 예: MNIST_LESSON_FAST=maybe
        raise pytest.UsageError(str(exc)) from None
    except MnistDataError as exc:
        # UsageError: 테스트를 하나도 돌리지 않고, 알림을 한 번만 보여 주고 끝낸다(종료 코드 4).
        raise pytest.UsageError(
            "테스트에는 전체 MNIST(훈련 60,000장 + 테스트 10,000장)가 필요합니다"
            f"(5,000장 표본으로는 정확도 범위를 확인할 수 없습니다).\n{exc}"
        ) from None
