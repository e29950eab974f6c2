"""단위 테스트의 공통 준비물. 환경 변수(빠른 모드, MNIST 파일 위치)는 저장소 맨 위의 conftest.py 가 정한다."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="session")
def mnist():
    """실제 MNIST (MNIST_LESSON_DATA 또는 Keras 캐시). 구할 수 없으면 테스트는 실패한다(건너뛰지 않는다)."""
    from mnist_lesson import data

    return data.load_mnist()
