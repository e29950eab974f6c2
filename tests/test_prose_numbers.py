"""노트북 글에 적은 잰 값이 그 값을 낸 기록과 같다: 다시 재면 이 테스트가 글을 고치라고 알린다.

노트북의 마크다운에 쓴 잰 값(정확도, 손실, 에포크)은 바로 옆 코드가 출력하거나, 여기서 그 값을 낸 기록
(``mnist_lesson/recorded/`` 의 학습 기록, ``benchmarks/latest.json``)과 맞춰 본다. 글에 소수점 있는 백분율이나
손실을 새로 쓰면, 아래 ``CLAIMS`` 에 그 값의 출처를 더할 때까지 ``test_every_decimal_in_the_prose_is_checked`` 가 실패한다.
"""

from __future__ import annotations

import json
import math
import re

import nbformat
import numpy as np
import pytest

from conftest import NOTEBOOKS, ROOT, selection_summary, selection_verdict

RECORDED = ROOT / "mnist_lesson" / "recorded"


def _history(name="seed_mlp_100_epochs"):
    return json.loads((RECORDED / f"{name}.json").read_text())["history"]


def prose(notebook: str) -> str:
    """연습문제 앞까지의 마크다운(연습문제는 가상의 값을 쓴다). 코드 블록과 `코드` 는 뺀다."""
    cells = nbformat.read(NOTEBOOKS / notebook, as_version=4).cells
    text = []
    for cell in cells:
        if cell.cell_type == "markdown":
            if cell.source.startswith("## 연습문제"):
                break
            text.append(cell.source)
    text = re.sub(r"```.*?```", " ", "\n".join(text), flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", " ", text)


def keras_early_stopping(history: dict, **kwargs) -> tuple[int, int]:
    """Keras 의 EarlyStopping 을 기록된 에포크 값에 그대로 돌려 (멈춘 에포크, 되돌린 에포크)를 1부터 세어 돌려준다."""
    import keras

    callback = keras.callbacks.EarlyStopping(**kwargs)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.stop_training = False
    callback.set_model(model)
    callback.on_train_begin()
    monitor = kwargs["monitor"]
    for epoch, value in enumerate(history[monitor]):
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            return epoch + 1, callback.best_epoch + 1
    return len(history[monitor]), callback.best_epoch + 1


def binomial_se(p: float, n: int = 10_000) -> float:
    """정확도 p 를 n 장으로 잴 때의 표준오차(0~1)."""
    return math.sqrt(p * (1 - p) / n)


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


# --- 글에 쓴 값과 그 출처 ---------------------------------------------------------------------------
# (노트북, 글에 그대로 나오는 구절, 그 구절이 맞는지 확인하는 함수)


def _recorded_final_test_accuracy():
    h = _history()
    assert pct(h["test_accuracy"][-1]) == "98.5%"


def _recorded_val_accuracy_ends_a_little_above_98():
    h = _history()
    assert 0.98 < h["val_accuracy"][-1] < 0.985


def _recorded_final_test_loss():
    assert abs(_history()["test_loss"][-1] - 0.18) < 0.005
    assert _history()["loss"][-1] < 1e-3


def _best_and_last_validation():
    h = _history()
    best = int(np.argmin(h["val_loss"]))
    assert best + 1 == 3
    assert pct(h["val_accuracy"][best]) == "97.4%" and pct(h["val_accuracy"][-1]) == "98.3%"
    assert 1.8 < h["val_loss"][-1] / h["val_loss"][best] < 2.4  # 두 배쯤


def _early_stopping_on_val_loss():
    h = _history()
    stopped, best = keras_early_stopping(h, monitor="val_loss", patience=5, restore_best_weights=True)
    assert (stopped, best) == (8, 3)
    assert f"{h['val_loss'][best - 1]:.3f}" == "0.094" and f"{h['val_loss'][-1]:.3f}" == "0.201"
    assert h["val_loss"][best - 1] < h["val_loss"][-1] / 2
    assert pct(h["val_accuracy"][best - 1]) == "97.4%" and pct(h["val_accuracy"][-1]) == "98.3%"
    gap = h["val_accuracy"][-1] - h["val_accuracy"][best - 1]
    assert round(100 * gap, 1) == 0.9 and gap > 2 * math.sqrt(2) * binomial_se(0.98)
    assert stopped < 100 / 10  # 10분의 1 도 안 된다


def _early_stopping_on_val_accuracy():
    h = _history()
    # fit 안에서는 mode="auto" 가 정확도 지표를 보고 'max' 로 정한다. 여기에는 지표가 없으므로 직접 준다.
    stopped, best = keras_early_stopping(h, monitor="val_accuracy", patience=10, restore_best_weights=True, mode="max")
    assert (stopped, best) == (36, 26)
    assert pct(h["val_accuracy"][best - 1]) == "98.1%"


def _float32_difference():
    k = np.arange(256)
    diff = np.abs(k.astype(float) / 255 - k.astype("float32") / np.float32(255)).max()
    assert 2.5e-8 < diff < 3.5e-8


def _slow_rise_then_flat():
    h = _history()
    va = h["val_accuracy"]
    assert int(np.argmin(h["val_loss"])) + 1 == 3 and h["val_loss"][-1] > 2 * min(h["val_loss"])  # 두 배 넘게
    assert va[9] < va[19] < va[49] and va[49] - va[9] > 0.005  # 10 → 20 → 50 에포크로 천천히 오른다
    assert h["loss"][59] < 1e-4 and abs(va[-1] - va[59]) < 0.001  # 60 에포크쯤부터 거의 그대로
    assert max(va[49:]) - va[49] < 0.001


def _se_at_98():
    assert f"{100 * binomial_se(0.98):.2f}" == "0.14"


def _mlp_selection_reading():
    summary, seeds, _ = selection_summary("selection_mlp_08")
    verdict = lambda a, b: selection_verdict(summary, a, b)  # noqa: E731
    for key in ("dropout", "batch_norm"):
        diff, seeds_ok, images_ok = verdict(key, "baseline")
        assert diff > 0 and seeds_ok and not images_ok, key
    for key in ("cosine_decay", "combined", "wider"):
        diff, _, images_ok = verdict(key, "baseline")
        assert diff > 0 and images_ok, key
    diff, _, _ = verdict("early_stopping", "baseline")
    assert diff < 0 and summary.loc["early_stopping", "loss"] < summary.loc["baseline", "loss"] * 0.8
    first = seeds[seeds["seed"] == 1234].set_index("recipe")["val_accuracy"]
    assert abs(first["combined"] - first["cosine_decay"]) < 0.001  # 시드 하나로는 거의 같다
    assert summary.loc["cosine_decay", "sd"] > 2 * summary.loc["combined", "sd"]  # 훨씬 많이 흔들린다
    diff, seeds_ok, images_ok = verdict("combined", "cosine_decay")
    assert diff > 0 and not seeds_ok and not images_ok
    assert list(summary.index[:2]) == ["wider", "combined"]
    diff, seeds_ok, images_ok = verdict("wider", "combined")
    assert diff > 0 and seeds_ok and not images_ok
    by_seed = seeds.pivot(index="seed", columns="recipe", values="val_accuracy")
    assert (by_seed["wider"] > by_seed["combined"]).all()  # 세 시드 모두


def _recordings_agree_with_each_other():
    """op 결정성: 다른 날, 다른 스크립트로 기록한 같은 학습(원본 방법, 시드 1234)이 에포크마다 같은 값을 낸다."""
    _, seeds, _ = selection_summary("selection_mlp_08")
    [baseline] = seeds[(seeds["recipe"] == "baseline") & (seeds["seed"] == 1234)]["history"]
    long = _history()
    assert np.allclose(baseline["val_accuracy"], long["val_accuracy"][:15], atol=1e-6)
    assert np.allclose(baseline["val_loss"], long["val_loss"][:15], rtol=1e-4)


def _cnn_se_and_level():
    summary, _, _ = selection_summary("selection_cnn_09")
    assert 0.993 <= summary["mean"].median() <= 0.996  # 검증 정확도 99.4% 쯤
    assert f"{100 * binomial_se(0.994):.2f}" == "0.08"
    assert 2 * math.sqrt(2) * binomial_se(0.994) > 0.0015  # 0.1%p 남짓의 차이는 기준에 못 미친다


def _cnn_selection_reading():
    """09 의 기록 읽기: 기준과의 차이 가운데 이미지 기준을 넘는 것은 없고, 시드 기준을 넘는 것은 넷이며, 고른 것은 배치 정규화다."""
    summary, _, _ = selection_summary("selection_cnn_09")
    verdicts = {key: selection_verdict(summary, key, "cnn") for key in summary.index if key != "cnn"}
    assert not any(images_ok for _, _, images_ok in verdicts.values())
    assert {key for key, (_, seeds_ok, _) in verdicts.items() if seeds_ok} == {"batch_norm", "lr_0.002", "lr_0.001", "no_augmentation"}
    printed = {key: f"{diff:+.2%}p" for key, (diff, _, _) in verdicts.items()}  # judge 셀이 출력하는 모양
    assert printed == {"batch_norm": "+0.05%p", "lr_0.002": "-0.06%p", "lr_0.001": "-0.16%p", "no_augmentation": "-0.07%p",
                       "epochs_8": "-0.04%p"}
    assert {f"{100 * se:.2f}" for se in summary["se_images"]} == {"0.07", "0.08"}  # 표의 표준오차(이미지) 열
    assert summary.index[0] == "batch_norm"


def _tutorial_gap_is_within_the_test_noise():
    """06: 98.5% 쯤의 표준오차 0.12%p, 원본 98.36% 와 기록 98.51% 의 차이 0.15%p, 08 의 기준 2√2·SE 0.34%p 보다 작다."""
    test_acc = _history()["test_accuracy"][-1]
    assert f"{100 * binomial_se(0.985):.2f}" == "0.12" and f"{100 * binomial_se(test_acc):.2f}" == "0.12"
    gap = test_acc - 0.9836
    assert f"{100 * gap:.2f}" == "0.15"
    assert f"{100 * 2 * math.sqrt(2) * binomial_se(test_acc):.2f}" == "0.34" and gap < 2 * math.sqrt(2) * binomial_se(test_acc)


def _se_of_the_two_validation_accuracies():
    """07: 97.4% 와 98.3% 의 표준오차가 0.13~0.16%p, 둘의 차이 0.9%p 는 그 어느 기준보다도 크다."""
    h = _history()
    best = int(np.argmin(h["val_loss"]))
    ses = sorted(f"{100 * binomial_se(p):.2f}" for p in (h["val_accuracy"][best], h["val_accuracy"][-1]))
    assert ses == ["0.13", "0.16"], ses


def _val_loss_flat_after_sixty():
    """07: 검증 손실은 오르내리며 오르다가, 훈련 손실이 0 이 된 60 에포크쯤부터 거의 그대로다."""
    h = _history()
    vl = np.array(h["val_loss"])
    assert h["loss"][59] < 1e-4
    assert vl[59:].max() - vl[59:].min() < 0.005  # 60~100 에포크: 거의 그대로
    assert vl[2:45].max() > vl[2] * 2 and np.any(np.diff(vl[2:45]) < 0)  # 그전에는 오르내리며 오른다


def _cnn_curves_settle_at_the_end():
    """09: 고른 배치 정규화 CNN 의 기록에서 훈련 정확도가 검증 정확도보다 낮은 에포크가 많고, 처음 몇 에포크의 검증 손실은
    오르내리며, 검증 손실은 마지막 몇 에포크에서 가장 낮다(시드마다)."""
    _, seeds, _ = selection_summary("selection_cnn_09")
    runs = seeds[seeds["recipe"] == "batch_norm"]["history"]
    assert len(runs) == 3
    for h in runs:
        vl = np.array(h["val_loss"])
        assert min(vl[-3:]) <= vl.min() + 1e-3
        assert np.mean(np.array(h["accuracy"]) < np.array(h["val_accuracy"])) > 0.5
    [first] = seeds[(seeds["recipe"] == "batch_norm") & (seeds["seed"] == 1234)]["history"]
    assert np.any(np.diff(first["val_loss"][:6]) > 0)  # 시드 1234: 처음 몇 에포크에 한 번은 오른다


CLAIMS = [
    ("06_training.ipynb", "약 98.5% 였습니다", _recorded_final_test_accuracy),
    ("06_training.ipynb", "98% 를 조금 넘습니다", _recorded_val_accuracy_ends_a_little_above_98),
    ("06_training.ipynb", "98.5% 쯤을 재면 표준오차가 0.12%p 쯤입니다. 두 값의 차이(0.15%p)", _tutorial_gap_is_within_the_test_noise),
    ("06_training.ipynb", "(2 × √2 × 표준오차, 0.34%p 쯤)", _tutorial_gap_is_within_the_test_noise),
    ("07_evaluation.ipynb", "테스트 손실은 0.18 쯤입니다", _recorded_final_test_loss),
    ("07_evaluation.ipynb", "(97.4% 쯤에서 98.3% 쯤으로)", _best_and_last_validation),
    ("07_evaluation.ipynb", "가장 낮을 때의 두 배쯤", _best_and_last_validation),
    ("07_evaluation.ipynb", "**8 에포크에서 멈추고, 검증 손실이 가장 낮았던 3 에포크의 가중치로 돌아갑니다**", _early_stopping_on_val_loss),
    ("07_evaluation.ipynb", "검증 손실은 0.094 로 100 에포크 모델(0.201)의 절반 이하", _early_stopping_on_val_loss),
    ("07_evaluation.ipynb", "**검증 정확도는 97.4% 로, 100 에포크 모델의 98.3% 보다 낮습니다.**", _early_stopping_on_val_loss),
    ("07_evaluation.ipynb", "이 차이(약 0.9%p)", _early_stopping_on_val_loss),
    ("07_evaluation.ipynb", "(표준오차 0.13~0.16%p", _se_of_the_two_validation_accuracies),
    ("07_evaluation.ipynb", "훈련 손실이 0 이 된 60 에포크쯤부터는 거의 그대로", _val_loss_flat_after_sixty),
    ("07_evaluation.ipynb", "36 에포크에 멈추고 26 에포크의 가중치로 돌아가며, 검증 정확도는 98.1% 입니다", _early_stopping_on_val_accuracy),
    ("04_preprocessing.ipynb", "최대 3×10⁻⁸ 쯤, 1억분의 3 정도", _float32_difference),
    ("08_regularization.ipynb", "검증 손실은 3 에포크에서 가장 낮고 그 뒤로 두 배 넘게 오르는데", _slow_rise_then_flat),
    ("08_regularization.ipynb", "검증 정확도는 10 에포크, 20 에포크, 50 에포크로 가면서 **천천히 오릅니다**", _slow_rise_then_flat),
    ("08_regularization.ipynb", "훈련 손실이 0 이 된 60 에포크쯤부터는", _slow_rise_then_flat),
    ("08_regularization.ipynb", "검증 정확도는 50 에포크쯤까지 천천히 오릅니다", _slow_rise_then_flat),
    ("08_regularization.ipynb", "표준오차는 0.14%p 쯤입니다", _se_at_98),
    ("08_regularization.ipynb", "전체 실행에서 위 표의 값은 이 기록의 시드 1234 값과 같습니다", _recordings_agree_with_each_other),
    ("08_regularization.ipynb", "**학습률 스케줄**, **모두 합치기**, **더 넓게, 더 큰 배치**는 다른 이미지에서도 남을 만큼 낫습니다", _mlp_selection_reading),
    ("08_regularization.ipynb", "시드를 바꾸면 학습률 스케줄이 훨씬 많이 흔들립니다", _mlp_selection_reading),
    ("08_regularization.ipynb", "(세 시드 모두 더 높습니다)", _mlp_selection_reading),
    ("08_regularization.ipynb", "원본의 100 에포크(98.5%)", _recorded_final_test_accuracy),
    ("09_cnn.ipynb", "검증 정확도가 99.4% 쯤이면 검증 이미지 10,000장의 표준오차는 0.08%p 쯤이라, 차이가 0.1%p 남짓이면 가려내기 어렵습니다",
     _cnn_se_and_level),
    ("09_cnn.ipynb", "(표준오차, 표의 0.07~0.08%p)", _cnn_selection_reading),
    ("09_cnn.ipynb", "검증 손실이 계속 오르지는 않고 학습률이 0 으로 줄어드는 마지막 몇 에포크에서 가장 낮아집니다", _cnn_curves_settle_at_the_end),
    ("09_cnn.ipynb", "합성곱마다 배치 정규화를 넣으면 기준보다 높고(+0.05%p)", _cnn_selection_reading),
    ("09_cnn.ipynb", "처음 학습률을 0.002 나 0.001 로 낮추거나(-0.06%p, -0.16%p)", _cnn_selection_reading),
    ("09_cnn.ipynb", "증강을 빼면(-0.07%p) 기준보다 낮습니다", _cnn_selection_reading),
    ("09_cnn.ipynb", "**8 에포크**는 기준과 구별할 수 없습니다(-0.04%p)", _cnn_selection_reading),
]

# 잰 값이 아닌 소수: 원본 튜토리얼이 보고한 값을 옮긴 것 등.
NOT_MEASURED = {
    ("06_training.ipynb", "98.36%"), ("07_evaluation.ipynb", "98.36%"),
}


@pytest.mark.parametrize("notebook, phrase, check", CLAIMS, ids=[f"{n[:2]}: {p[:30]}" for n, p, _ in CLAIMS])
def test_claim_matches_its_record(notebook, phrase, check):
    assert phrase.replace("**", "") in prose(notebook).replace("**", ""), f"{notebook} 의 글에 '{phrase}' 가 없습니다"
    check()


# 소수점 있는 백분율, 그리고 '손실' 바로 뒤의 소수(학습률 0.001 같은 설정값은 잰 값이 아니다).
DECIMAL = re.compile(r"(?P<pct>(?<![\d.])\d+\.\d+\s?%p?)|(?<=손실)[^.\n%]{0,12}?(?P<loss>(?<![\d.])0\.\d{2,}(?![\d%]))")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.name)
def test_every_decimal_in_the_prose_is_checked(path):
    """글에 쓴 소수(98.5%, 0.094 …)는 모두 CLAIMS 의 구절 안에 있거나 잰 값이 아니라고 적어 둔 것이다."""
    text = prose(path.name).replace("**", "")
    covered = [p.replace("**", "") for n, p, _ in CLAIMS if n == path.name]
    unchecked = []
    for m in DECIMAL.finditer(text):
        value = (m.group("pct") or m.group("loss")).replace(" ", "")
        if (path.name, value) in NOT_MEASURED:
            continue
        if any(value in phrase.replace(" %", "%") and phrase in text[max(0, m.start() - 300):m.end() + 300]
               for phrase in covered):
            continue
        unchecked.append(f"…{text[max(0, m.start() - 40):m.end() + 10]}…")
    assert not unchecked, (
        f"{path.name}: 글의 이 값들은 옆 코드가 출력하지도, 기록과 맞춰 보지도 않습니다. 코드가 출력하게 하거나 "
        "tests/test_prose_numbers.py 의 CLAIMS 에 출처를 더하세요:\n" + "\n".join(unchecked)
    )


# 빠른 모드의 장수: 글('빠른 모드에서는 … 훈련 3,000장 …')이 코드가 정말 쓰는 수와 같다. 노트북이 ``if cfg.fast:`` 아래에서
# ``preprocess.take(x_<세트>, …, N)`` 으로 직접 줄이면 그 N, 아니면 훈련은 ``config.FAST_TRAIN_SAMPLES``(``cfg.train_samples``).
FAST_COUNT = re.compile(r"(훈련|검증|테스트)(?: 샘플)? ([\d,]+)(?:장|개)")
_SET_NAMES = {"fit": "훈련", "val": "검증", "test": "테스트"}


def _fast_counts(path) -> dict:
    """노트북의 코드가 빠른 모드에서 쓰는 세트별 장수."""
    from mnist_lesson import config

    counts = {"훈련": config.FAST_TRAIN_SAMPLES}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and "if cfg.fast:" in cell.source:
            for name, n in re.findall(r"preprocess\.take\(x_(\w+), \w+, ([\d_]+)\)", cell.source.split("if cfg.fast:")[1]):
                counts[_SET_NAMES[name]] = int(n.replace("_", ""))
    return counts


def _fast_mode_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.)])\s+|\n", text) if "빠른 모드" in s]


def test_fast_mode_sample_counts_in_the_prose_are_what_the_code_uses():
    """08 의 글이 빠른 모드를 '훈련 12,000장' 이라 적었지만 코드는 3,000장을 썼다: 그런 어긋남을 잡는다(README 의 표도)."""
    from mnist_lesson import config

    claims = [("README.md", ROOT.joinpath("README.md").read_text(encoding="utf-8"), {"훈련": config.FAST_TRAIN_SAMPLES})]
    claims += [(p.name, prose(p.name), _fast_counts(p)) for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    seen, wrong = 0, []
    for name, text, counts in claims:
        for sentence in _fast_mode_sentences(text):
            for kind, number in FAST_COUNT.findall(sentence):
                seen += 1
                if int(number.replace(",", "")) != counts.get(kind):
                    wrong.append(f"{name}: '{kind} {number}' 인데 코드는 {counts.get(kind)}: {sentence.strip()[:120]}")
    assert not wrong, "\n".join(wrong)
    assert seen >= 5, seen  # 적어도 README 의 훈련 샘플, 08 의 훈련, 09 의 훈련·검증·테스트
