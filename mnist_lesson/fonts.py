"""한글 글꼴: 패키지에 들어 있는 나눔고딕을 matplotlib 에 등록한다.

시스템에 한글 글꼴이 없어도(리눅스 서버, CI, Colab) 그래프의 한글이 네모(□)로 깨지지 않는다.
나눔고딕은 SIL Open Font License 1.1 로 배포된다(``fonts/OFL.txt``).
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FONT_NAME = "NanumGothic"


def font_paths() -> list[Path]:
    """패키지에 들어 있는 한글 글꼴 파일의 경로 목록."""
    return [FONT_DIR / name for name in FONT_FILES]


def use_korean_font() -> str:
    """나눔고딕을 matplotlib 에 등록하고 기본 글꼴로 정한다.

    matplotlib 의 글꼴 관리자(``font_manager.fontManager.addfont``)에 파일을 직접 등록하므로
    운영체제(Windows, macOS, Linux, Colab)나 파이썬 버전에 상관없이 같은 방식으로 동작한다.
    여러 번 불러도 안전하다.

    Returns:
        matplotlib 에 설정된 글꼴 이름(``"NanumGothic"``).

    Raises:
        FileNotFoundError: 패키지 설치가 망가져 글꼴 파일이 없을 때.
    """
    import matplotlib
    from matplotlib import font_manager

    registered = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    for path in font_paths():
        if not path.is_file():
            raise FileNotFoundError(
                f"한글 글꼴 파일을 찾을 수 없습니다: {path}. 패키지 설치가 망가졌습니다. 저장소에서는 "
                "python -m pip install -r requirements.txt 로 다시 설치하고, Colab 에서는 런타임을 초기화한 뒤 "
                "노트북 맨 위의 준비 셀부터 다시 실행하세요."
            )
        if path.resolve() not in registered:
            font_manager.fontManager.addfont(str(path))
    # 나눔고딕에 없는 기호는 matplotlib 기본 글꼴(DejaVu Sans)에서 가져온다.
    matplotlib.rcParams["font.family"] = [FONT_NAME, "DejaVu Sans"]
    # 나눔고딕에는 유니코드 마이너스(−) 글리프가 없으므로 ASCII '-' 를 쓴다.
    matplotlib.rcParams["axes.unicode_minus"] = False
    return FONT_NAME
