"""지금 어디에서 실행 중인지(Jupyter 커널인지, Google Colab 인지) 알아보는 한 곳, 그리고 Colab 에서만 쓰는 일.

"Jupyter 안인가?" 를 묻는 코드는 모두 이 모듈을 부른다(설정, 연습문제의 결과 보여 주기, 캔버스).
가져오기만으로는 아무 일도 하지 않고, IPython 도 Colab 모듈도 필요할 때만 찾아본다.
"""

from __future__ import annotations

import sys
from pathlib import Path


def kernel_shell():
    """Jupyter 커널(JupyterLab, Colab, nbclient) 안이면 그 IPython 셸을, 아니면 None 을 돌려준다.

    일반 파이썬, IPython 콘솔(커널이 없다), IPython 이 설치되지 않은 곳에서는 None 이다.
    """
    if "IPython" not in sys.modules:  # IPython 을 가져온 적이 없으면 커널 안일 수 없다(가져오지도 않는다)
        return None
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return shell


def in_jupyter() -> bool:
    """Jupyter 커널 안에서 실행 중인지: 위젯과 그림을 셀 아래에 보여 줄 수 있는 곳."""
    return kernel_shell() is not None


def in_colab() -> bool:
    """Google Colab 의 커널 안인지. Colab 의 커널은 시작할 때 ``google.colab`` 을 가져온다(anywidget 도 이렇게 알아본다)."""
    return "google.colab" in sys.modules


def upload_file(prompt: str = "사진 파일 하나를 고르세요. 예시 사진으로 계속하려면 'Cancel upload' 를 누르세요."):
    """Colab 의 '파일 선택' 단추로 파일 하나를 올리고, Colab 이 저장한 파일의 경로를 돌려준다.

    ``google.colab.files.upload()`` 는 고른 파일을 지금 폴더에 저장한다(같은 이름이 있으면 ``이름 (1).jpg`` 처럼
    새 이름으로 저장하므로 있던 파일을 덮어쓰지 않는다). 여러 개를 고르면 첫 파일을 쓴다고 알린다.

    Returns:
        저장된 파일의 경로. 취소했거나 Colab 이 아니면 None.
    """
    if not in_colab():
        return None
    from google.colab import files

    print(prompt)
    before = set(Path.cwd().iterdir())
    uploaded = files.upload()  # {원래 이름: 내용}. 취소하면 빈 사전
    if not uploaded:
        print("올린 파일이 없습니다.")
        return None
    saved = sorted(set(Path.cwd().iterdir()) - before)
    if len(uploaded) > 1:
        print(f"파일을 {len(uploaded)}개 올렸습니다. 첫 파일만 씁니다.")
    name = next(iter(uploaded))
    content = uploaded[name]
    for path in saved:  # Colab 이 새 이름으로 저장했을 수 있으므로 내용으로 찾는다
        if path.is_file() and path.read_bytes() == content:
            return path
    return Path.cwd() / name


COLAB_DRIVE = Path("/content/drive")  # drive.mount("/content/drive") 가 Google Drive 를 붙이는 곳


def storage_note(folder) -> str | None:
    """Colab 에서 저장 폴더가 런타임과 함께 사라지는 곳이면 그 사실과 Google Drive 에 두는 법(한국어). 아니면 None."""
    if not in_colab() or Path(folder).is_relative_to(COLAB_DRIVE):
        return None
    return (
        f"Colab 의 파일은 런타임이 끝나면 사라집니다: {folder} 폴더에 저장한 모델과 학습 기록도 함께 지워집니다"
        "(다음 노트북은 없으면 다시 학습합니다). 남기려면 Google Drive 를 연결하고"
        "(from google.colab import drive; drive.mount('/content/drive')), 준비 셀보다 먼저 "
        "os.environ['MNIST_LESSON_ARTIFACTS'] = '/content/drive/MyDrive/mnist_lesson' 처럼 저장 폴더를 정하세요."
    )
