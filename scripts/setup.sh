#!/usr/bin/env bash
# 새 기계를 한 번에 준비한다(README 의 설치 명령, .ci/run 도 이것을 쓴다):
#   1) 파이썬 패키지(requirements.txt, 이 저장소의 mnist_lesson 포함)
#   2) 브라우저 테스트(tests/test_browser.py)에 필요한 Chromium 과 한글 글꼴,
#   3) 학급 채점의 샌드박스 bubblewrap(tests/test_grading*.py 와 tests/test_answer_keys.py 가 CI 에서 쓴다).
#      이미 있으면 건너뛰고, Debian 계열이면 없는 것만 apt-get 으로 설치하고, 아니면 무엇을 설치하면 되는지 알려 준다.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

"$PYTHON" -m pip install --root-user-action=ignore -q -r requirements.txt

CHROMIUM="${MNIST_LESSON_CHROMIUM:-/usr/bin/chromium}"
MISSING=""
[ -x "$CHROMIUM" ] || MISSING="$MISSING chromium"
[ -n "$(fc-list :lang=ko 2>/dev/null || true)" ] || MISSING="$MISSING fonts-nanum"
command -v bwrap > /dev/null || MISSING="$MISSING bubblewrap"   # 3) 학급 채점의 샌드박스(리눅스)
if [ -z "$MISSING" ]; then
  echo "Chromium($CHROMIUM), 한글 글꼴, bubblewrap: 이미 있습니다."
elif command -v apt-get > /dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086  # 패키지 이름 목록을 나눠 넘긴다
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING > /dev/null
  echo "설치했습니다:$MISSING"
else
  echo "안내: 이 시스템에는 apt-get 이 없어$MISSING 패키지를 설치하지 못했습니다." \
       "브라우저 테스트(tests/test_browser.py)에는 Chromium 과 한글 글꼴이 필요합니다: Chromium 을 설치한 뒤" \
       "MNIST_LESSON_CHROMIUM=/경로/chromium 으로 알려 주세요. 학급 채점의 샌드박스에는 bubblewrap(bwrap)이 필요합니다" \
       "(없으면 채점은 샌드박스 없이 크게 알리고 합니다). (수업 노트북만 쓸 때는 모두 필요 없습니다.)" >&2
fi
# 설치한 것이 정말 가져와지는지 여기서 한 번 본다(망가진 설치는 테스트 수십 개의 실패 대신 이 한 줄로 드러난다).
# 덤으로 TensorFlow 의 큰 공유 라이브러리(1GB 남짓)를 디스크에서 읽어 두므로, 바로 다음의 테스트 명령이 그 읽기를 기다리지 않는다.
"$PYTHON" - <<'PY'
import sys
try:
    from mnist_lesson import tfimport
    tf = tfimport.import_tensorflow()
    import keras
    import mnist_lesson.plots
except Exception as exc:
    sys.exit(f"설치는 끝났지만 가져오지 못했습니다({type(exc).__name__}: {exc}). "
             "python -m pip install -r requirements.txt 를 다시 실행해 pip 의 오류를 확인하세요.")
print(f"가져오기 확인: TensorFlow {tf.__version__}, Keras {keras.__version__}")
PY
echo "준비 끝. 테스트: python -m pytest -n auto   수업 열기: jupyter lab notebooks/"
