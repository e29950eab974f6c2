"""마우스로 숫자를 그리는 캔버스: JupyterLab 안에서 그리면 바로 예측과 숫자별 확률 막대가 바뀐다.

위젯은 anywidget(https://anywidget.dev) 으로 만든다. 그림은 브라우저 안에서 그려지고(부드럽다), 펜을 뗄 때마다
그림 한 장(PNG)만 커널로 보낸다. 커널은 ``handwriting.to_mnist`` 로 파일과 똑같이 전처리해 예측하고,
결과(확률, 모델이 본 28×28 이미지, 알림)를 위젯으로 돌려보낸다.

anywidget 은 필요할 때만 가져온다: ``import mnist_lesson`` 이나 이 모듈을 가져오는 데는 필요 없다.
위젯을 쓸 수 없는 곳(일반 파이썬 콘솔, CI)에서는 ``make_canvas`` 가 그 사실을 말하고 None 을 돌려준다.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np

from mnist_lesson import handwriting, runtime
from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonError, LessonInputError
from mnist_lesson.models import check_model

MAX_DATA_URL = 8 * 1024 * 1024  # 캔버스 그림 한 장의 상한(문자 수)
_PREFIX = "data:image/png;base64,"
UNEXPECTED_MESSAGE = (
    "예상하지 못한 오류로 예측하지 못했습니다. 지우고 다시 그려 보세요. 계속되면 새 셀에서 "
    "canvas.predict_drawing(캔버스.image_data, model) 을 실행해 보세요: 오류의 자세한 내용이 셀에 보입니다"
    "(캔버스는 make_canvas 가 돌려준 위젯이고, 마지막 오류는 캔버스.error 에도 있습니다)."
)

_ESM = r"""
function render({ model, el }) {
  const size = model.get("size");
  const root = document.createElement("div");
  root.className = "mnist-canvas";
  root.style.cssText = "display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap;font-family:sans-serif";

  const left = document.createElement("div");
  const canvas = document.createElement("canvas");
  canvas.width = size; canvas.height = size;
  canvas.className = "mnist-canvas-draw";
  canvas.setAttribute("aria-label", "숫자를 그리는 캔버스");
  canvas.style.cssText = "border:2px solid #888;border-radius:6px;cursor:crosshair;touch-action:none;background:#fff";
  const ctx = canvas.getContext("2d");
  const clear = () => { ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, size, size); };
  clear();

  const buttons = document.createElement("div");
  buttons.style.cssText = "margin-top:6px";
  const clearButton = document.createElement("button");
  clearButton.textContent = "지우기";
  clearButton.className = "mnist-canvas-clear jp-mod-styled";
  buttons.appendChild(clearButton);
  left.append(canvas, buttons);

  const right = document.createElement("div");
  right.className = "mnist-canvas-result";
  right.style.cssText = "min-width:260px";
  const title = document.createElement("div");
  title.className = "mnist-canvas-title";
  title.style.cssText = "font-size:1.2em;font-weight:bold;margin-bottom:6px";
  const preview = document.createElement("img");
  preview.className = "mnist-canvas-preview";
  preview.alt = "모델이 본 28×28 이미지";
  preview.style.cssText = "width:84px;height:84px;image-rendering:pixelated;border:1px solid #888;background:#000;display:none";
  const bars = document.createElement("div");
  bars.className = "mnist-canvas-bars";
  const rows = [];
  for (let d = 0; d < 10; d++) {
    const row = document.createElement("div");
    row.style.cssText = "display:flex;align-items:center;gap:6px;height:18px";
    const label = document.createElement("span");
    label.textContent = String(d);
    label.style.cssText = "width:1em;text-align:right";
    const track = document.createElement("div");
    track.style.cssText = "flex:1;background:#eee;height:12px;border-radius:3px;overflow:hidden";
    const fill = document.createElement("div");
    fill.style.cssText = "height:100%;width:0%;background:#1f77b4";
    track.appendChild(fill);
    const pct = document.createElement("span");
    pct.style.cssText = "width:3.5em;font-size:0.9em";
    row.append(label, track, pct);
    bars.appendChild(row);
    rows.push({ fill, pct });
  }
  const note = document.createElement("div");
  note.className = "mnist-canvas-message";
  note.style.cssText = "margin-top:6px;color:#a33;max-width:320px";
  right.append(title, preview, bars, note);
  root.append(left, right);
  el.appendChild(root);

  let drawing = false;
  let last = null;
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * size / r.width, (e.clientY - r.top) * size / r.height];
  };
  const line = (a, b) => {
    ctx.strokeStyle = "#000"; ctx.lineWidth = model.get("line_width");
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
  };
  const send = () => { model.set("image_data", canvas.toDataURL("image/png")); model.save_changes(); };
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true; last = point(e); line(last, last);
    try { canvas.setPointerCapture(e.pointerId); } catch (err) {}
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const p = point(e); line(last, p); last = p;
  });
  const stop = () => { if (drawing) { drawing = false; send(); } };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  clearButton.addEventListener("click", () => {
    clear(); model.set("image_data", ""); model.save_changes();
  });

  const update = () => {
    const probs = model.get("probs") || [];
    const best = model.get("prediction");
    title.textContent = best >= 0 ? `예측: ${best} (확률 ${Math.round(probs[best] * 100)}%)` : "숫자를 그려 보세요";
    rows.forEach((r, d) => {
      const p = probs.length === 10 ? probs[d] : 0;
      r.fill.style.width = `${(p * 100).toFixed(1)}%`;
      r.fill.style.background = d === best ? "#ff7f0e" : "#1f77b4";
      r.pct.textContent = probs.length === 10 ? `${Math.round(p * 100)}%` : "";
    });
    const src = model.get("preview");
    preview.style.display = src ? "block" : "none";
    if (src) preview.src = src;
    note.textContent = model.get("message");
  };
  model.on("change:probs", update);
  model.on("change:prediction", update);
  model.on("change:preview", update);
  model.on("change:message", update);
  update();
}
export default { render };
"""


def decode_data_url(url: str) -> bytes:
    """캔버스가 보낸 ``data:image/png;base64,...`` 문자열을 PNG 바이트로 바꾼다.

    Raises:
        LessonInputError: PNG 데이터 URL 이 아니거나, 너무 크거나, base64 가 깨졌을 때.
    """
    if not isinstance(url, str) or not url.startswith(_PREFIX):
        raise LessonInputError(
            "캔버스 그림은 PNG 데이터 URL(앞부분 'data:image/png;base64,')이어야 합니다"
            f"(받은 것: {str(url)[:30]!r}…). 캔버스에서 다시 그려 보세요."
        )
    if len(url) > MAX_DATA_URL:
        raise LessonInputError(f"캔버스 그림이 너무 큽니다({len(url):,} 자, 한도 {MAX_DATA_URL:,} 자).")
    try:
        return base64.b64decode(url[len(_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise LessonInputError("캔버스 그림의 base64 데이터가 깨졌습니다. 지우고 다시 그려 보세요.") from None


def _empty_result(message: str = "") -> dict:
    """예측이 없을 때(지우기, 잉크 없음, 읽을 수 없는 그림, 오류)의 결과. 부를 때마다 새 사전이다."""
    return {"probs": [], "prediction": -1, "preview": "", "message": message, "digit": None}


def predict_drawing(data_url: str, model) -> dict:
    """캔버스 그림 한 장을 전처리하고 예측한다. 위젯이 펜을 뗄 때마다 부른다.

    그림의 문제(빈 캔버스, 읽을 수 없는 그림)는 오류 대신 알림으로 돌려준다. 모델이 없으면(None, 경로) 바로 알린다.

    Args:
        data_url: 캔버스가 보낸 PNG 데이터 URL. 빈 문자열이면 "지우기" 를 누른 것이다.
        model: 학습한 keras 모델(입력 784 또는 28×28(×1), 출력 softmax 10).

    Returns:
        ``{"probs": [10개 확률], "prediction": 숫자 또는 -1, "preview": 28×28 PNG 데이터 URL, "message": 알림,
        "digit": MnistDigit 또는 None}``. 잉크가 없거나 그림을 읽을 수 없으면 확률은 빈 목록이고 알림에 까닭이 있다.

    Raises:
        LessonInputError: 모델이 keras 모델이 아닐 때(``artifacts.load_model`` 이 돌려준 None 등).
    """
    check_model(model, call="canvas.predict_drawing(data_url, model)")
    if not data_url:
        return _empty_result()
    try:
        digit = handwriting.to_mnist(decode_data_url(data_url))
    except handwriting.BlankImageError:
        return _empty_result("아직 그린 것이 없습니다: 마우스 왼쪽 단추를 누른 채로 숫자를 크게 그려 보세요.")
    except LessonInputError as exc:
        return _empty_result(str(exc))
    probs = handwriting.predict(model, digit)[0]
    return {
        "probs": [float(p) for p in probs],
        "prediction": int(np.argmax(probs)),
        "preview": handwriting.to_data_url(digit.image),
        "message": " ".join(digit.warnings),
        "digit": digit,
    }


_WIDGET_CLASS = None


def _widget_class():
    """anywidget 을 이때 처음 가져와 위젯 클래스를 만든다(한 번만)."""
    global _WIDGET_CLASS
    if _WIDGET_CLASS is None:
        import anywidget
        import traitlets

        class DigitCanvas(anywidget.AnyWidget):
            """숫자 그리기 캔버스 위젯. ``image_data`` 가 바뀌면(펜을 뗄 때) 예측해 결과 값을 채운다."""

            _esm = _ESM
            size = traitlets.Int(280).tag(sync=True)
            line_width = traitlets.Int(18).tag(sync=True)
            image_data = traitlets.Unicode("").tag(sync=True)
            probs = traitlets.List(traitlets.Float(), default_value=[]).tag(sync=True)
            prediction = traitlets.Int(-1).tag(sync=True)
            preview = traitlets.Unicode("").tag(sync=True)
            message = traitlets.Unicode("").tag(sync=True)

            def __init__(self, model, **kwargs):
                super().__init__(**kwargs)
                self.model = model
                self.digit = None  # 마지막으로 전처리한 MnistDigit (노트북에서 단계를 그려 볼 수 있다)
                self.error = None  # 마지막 그림에서 난 예상하지 못한 오류(없으면 None)
                self.observe(self._on_image, names="image_data")

            def _on_image(self, change):
                self.error = None
                try:
                    result = predict_drawing(change["new"], self.model)
                except LessonError as exc:  # 위젯 콜백의 오류는 셀에 보이지 않으므로 위젯 안에 알린다(한국어 메시지)
                    result = _empty_result(str(exc))
                except Exception as exc:  # 예상하지 못한 오류: 영어 메시지 대신 할 일을 알리고, 오류는 error 에 남긴다
                    self.error = exc
                    result = _empty_result(UNEXPECTED_MESSAGE)
                self.digit = result["digit"]
                with self.hold_sync():
                    self.probs = result["probs"]
                    self.prediction = result["prediction"]
                    self.preview = result["preview"]
                    self.message = result["message"]

        _WIDGET_CLASS = DigitCanvas
    return _WIDGET_CLASS


def widgets_available() -> tuple[bool, str]:
    """위젯을 보여 줄 수 있는지와, 없다면 그 까닭과 할 일(한국어). Colab 이면 Colab 에 맞는 할 일을 말한다."""
    try:
        import anywidget  # noqa: F401
        import ipywidgets  # noqa: F401
    except ImportError as exc:
        if runtime.in_colab():  # Colab: 설치하면 바로 쓸 수 있다(anywidget 이 Colab 의 위젯 관리자를 스스로 켠다)
            todo = "새 코드 셀에서 !pip install anywidget ipywidgets 를 실행한 뒤 이 셀을 다시 실행하세요."
        else:
            todo = (
                "python -m pip install anywidget ipywidgets 로 설치하고, JupyterLab 을 쓰고 있다면 "
                "JupyterLab 을 다시 시작한 뒤 이 셀을 다시 실행하세요."
            )
        return False, f"캔버스에 필요한 패키지 {exc.name} 모듈이 없습니다. {todo}"
    if not runtime.in_jupyter():
        return False, "지금은 Jupyter 커널이 아닌 일반 파이썬(콘솔)에서 실행 중이라 캔버스를 보여 줄 수 없습니다."
    return True, ""


def make_canvas(model, size: int = 280, line_width: int = 18):
    """숫자 그리기 캔버스를 만든다. 위젯을 쓸 수 없는 곳이면 까닭을 출력하고 None 을 돌려준다.

    Args:
        model: 학습한 keras 모델.
        size: 캔버스 한 변의 픽셀 수.
        line_width: 펜 굵기(픽셀). 캔버스 크기의 6~8% 가 MNIST 와 비슷하다.

    Returns:
        DigitCanvas 위젯(셀의 마지막 줄에 두면 보인다) 또는 None.
    """
    check_model(model, call="canvas.make_canvas(model)")  # 위젯을 쓸 수 있든 없든, 모델이 없으면(None) 지금 알린다
    size, line_width = count(size, "size", minimum=28), count(line_width, "line_width")
    ok, why = widgets_available()
    if not ok:
        print(f"※ {why}\n  대신 위의 그림 파일 예시처럼 handwriting.to_mnist(파일 경로) 로 같은 예측을 해 볼 수 있습니다.")
        return None
    return _widget_class()(model, size=size, line_width=line_width)
