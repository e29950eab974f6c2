"""벤치마크: 원본 튜토리얼의 방법과 이 시리즈의 방법을 같은 기계, 같은 전체 MNIST 로 잰다.

    python benchmarks/benchmark.py                  # 전체 실행(이 기계에서 10~15분)
    python benchmarks/benchmark.py --quick          # 빠른 확인: 몇 백 장, 1 에포크(테스트가 쓴다)
    python benchmarks/benchmark.py --update-readme  # 전체 실행 후 README 의 표와 benchmarks/latest.json 을 바꾼다

재는 방법(recipe)은 넷이다.

- ``original``: 원본 튜토리얼 그대로. float64 입력, 훈련 60,000장 전부, 100 에포크, 검증 세트 없음,
  ``tf.random.set_seed(1234)`` 만 고정, 모델 앞에 ``keras.Input`` 없음.
- ``seed_mlp``: 06 노트북. 같은 784→256→256→128→64→10 구조를 float32 입력으로, 훈련 50,000장 +
  검증 10,000장(훈련 세트의 마지막 10,000장), 100 에포크, ``config.set_seed`` (시드 + op 결정성).
- ``best_mlp``: 08 노트북이 검증 세트로 고른 MLP. 후보마다 시드 세 개로 기록한 검증 정확도
  (``mnist_lesson/recorded/selection_mlp_08.json``)의 평균이 가장 높은 방법이다. 같은 분할과 시드.
- ``cnn``: 09 노트북이 같은 방법(``selection_cnn_09.json``)으로 고른 합성곱 신경망. 같은 분할과 시드.

두 방법은 테스트 세트를 보지 않고 골랐다. 이 벤치마크는 고른 방법의 테스트 정확도와 시간을 잴 뿐,
무엇도 고르지 않는다(``tests/test_benchmark.py`` 가 방법이 노트북·기록 스크립트와 같은지 확인한다).

각 방법에 대해 잰 것:

- 학습 시간: ``fit`` 이 걸린 벽시계 시간에서, 에포크마다 테스트 정확도를 재느라 쓴 시간을 뺀 값
  (``mnist_lesson.callbacks.EpochRecorder``). 검증 세트 평가처럼 방법 자체에 들어 있는 일은 포함한다.
- 테스트 정확도가 처음으로 98.0%, 99.0% 에 닿은 에포크와 그때까지의 학습 시간.
- 최종 테스트 정확도: 학습이 끝난 모델(조기 종료가 되돌린 가중치라면 그 모델)을 평가한 값.
- 최대 메모리(peak RSS): 방법마다 새 자식 프로세스에서 실행하고, 끝날 때 그 프로세스의
  ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` 를 읽는다. 파이썬과 TensorFlow 를 가져오는 데 드는
  메모리, 데이터 불러오기와 전처리, 학습, 테스트 평가까지 모두 들어 있다. 같은 프로세스에서 차례로
  재면 앞 방법이 남긴 메모리가 뒤 방법의 최대값에 섞이므로, 명령은 하나지만 방법마다 프로세스를 나눈다.
  (한 프로세스에서 재 보았더니 원본 방법이 끝난 뒤에도 약 250 MB 가 남아 있었고, 뒤이은 06 방법이 그것을 다시 써서
  더한 메모리가 새 프로세스에서의 약 600 MB 대신 약 480 MB 로 작게 나왔다. 순서에 따라 비율이 바뀌는 표는 믿을 수 없다.)

방법들은 하나씩 차례로 실행한다(동시에 돌리면 서로의 시간을 빼앗는다). 기계가 다른 일로 바쁘면 시간이
늘어나므로, 표에는 시작할 때의 부하 평균(load average)도 적는다.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LATEST = Path(__file__).with_name("latest.json")  # README 의 표를 만든 잰 값 그대로
README_START, README_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"

RECIPES = ("original", "seed_mlp", "best_mlp", "cnn")
LABELS = {
    "original": "원본 튜토리얼 (float64, 60,000장, 100 에포크, 검증 없음)",
    "seed_mlp": "06 원본 구조 MLP (float32, 50,000장 + 검증, 100 에포크)",
    "best_mlp": "08 검증으로 고른 MLP (첫 층 512 + 배치 정규화 + 드롭아웃 + 코사인 감쇠 + 조기 종료, 배치 256)",
    "cnn": "09 검증으로 고른 CNN (합성곱 3층 + 배치 정규화 + 데이터 증강 + 드롭아웃 + 코사인 감쇠)",
}
THRESHOLDS = (0.98, 0.99)

# 목표(이슈 4, 이슈 10): 검증으로 고른 MLP ≥ 98.6% 를 원본 학습 시간의 25% 안에, CNN ≥ 99.5% 를 5분 안에,
# float32 파이프라인(06)의 최대 메모리 ≤ 원본의 0.7배.
TARGET_MLP_ACCURACY, TARGET_MLP_TIME_RATIO = 0.986, 0.25
TARGET_CNN_ACCURACY, TARGET_CNN_SECONDS = 0.995, 300.0
TARGET_MEMORY_RATIO = 0.7

QUICK_TRAIN, QUICK_VAL, QUICK_TEST = 400, 200, 500


# ---------------------------------------------------------------------------------------------
# 자식 프로세스: 방법 하나를 실행하고 결과를 JSON 한 줄로 출력한다.
# 원본과 06 의 모델 코드는 여기에, 08·09 가 고른 후보의 코드는 기록 스크립트에 있다(노트북과 같은지는 테스트가 본다).
# ---------------------------------------------------------------------------------------------


def _original(quick: bool):
    """원본 튜토리얼: float64 입력, 60,000장, 검증 없음, tf.random.set_seed 만."""
    import keras
    import tensorflow as tf
    from keras import layers

    from mnist_lesson import data, preprocess

    tf.random.set_seed(1234)
    (train_images, train_labels), (test_images, test_labels) = data.load_mnist()
    if quick:
        train_images, train_labels = preprocess.take(train_images, train_labels, QUICK_TRAIN + QUICK_VAL)
        test_images, test_labels = preprocess.take(test_images, test_labels, QUICK_TEST)
    train_images = train_images.reshape(train_images.shape[0], 28 * 28)
    test_images = test_images.reshape(test_images.shape[0], 28 * 28)
    train_images = train_images.astype(float) / 255
    test_images = test_images.astype(float) / 255
    model = keras.Sequential([
        layers.Dense(256, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(128, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    fit = dict(x=train_images, y=train_labels, epochs=1 if quick else 100, batch_size=128)
    return model, fit, (test_images, test_labels)


def _lesson_data(quick: bool, images: bool = False):
    """06~09 노트북의 데이터: float32 0~1, 마지막 10,000장을 검증 세트로. 전역 난수를 쓰지 않는다(시드는 방법마다 모델 앞에서)."""
    from mnist_lesson import data, preprocess

    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    val_size = 10_000
    if quick:
        x_train, y_train = preprocess.take(x_train, y_train, QUICK_TRAIN + QUICK_VAL)
        x_test, y_test = preprocess.take(x_test, y_test, QUICK_TEST)
        val_size = QUICK_VAL
    x_train, x_test = preprocess.to_model_input(x_train), preprocess.to_model_input(x_test)
    if images:
        x_train, x_test = x_train.reshape(-1, 28, 28, 1), x_test.reshape(-1, 28, 28, 1)
    (x_fit, y_fit), (x_val, y_val) = preprocess.split_validation(x_train, y_train, val_size=val_size)
    return (x_fit, y_fit), (x_val, y_val), (x_test, y_test)


def _seed_mlp(quick: bool):
    from mnist_lesson import config, models

    (x_fit, y_fit), (x_val, y_val), test = _lesson_data(quick)
    config.set_seed(config.SEED)
    model = models.compile_like_original(models.build_seed_mlp())
    fit = dict(x=x_fit, y=y_fit, epochs=1 if quick else 100, batch_size=128, validation_data=(x_val, y_val))
    return model, fit, test


# 08·09 가 검증 세트로 고른 후보(기록 scripts/record_selection_runs.py 의 이름). 모델 코드는 그 스크립트 한 곳에 있고,
# tests/test_benchmark.py 가 이 이름이 기록의 평균으로 고른 후보인지, 노트북이 학습하는 것과 같은지 확인한다.
CHOSEN = {"best_mlp": ("mlp", "wider"), "cnn": ("cnn", "batch_norm")}


def _chosen(name: str, quick: bool):
    """08(best_mlp) 또는 09(cnn) 노트북이 고른 뒤 학습하는 방법: 기록 스크립트의 그 후보를 같은 시드로 만든다."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import record_selection_runs as selection

    from mnist_lesson import config

    kind, candidate = CHOSEN[name]
    (x_fit, y_fit), (x_val, y_val), test = _lesson_data(quick, images=kind == "cnn")
    config.set_seed(config.SEED)
    model, fit = selection.RECIPES[kind][candidate][0](len(x_fit), 1 if quick else selection.EPOCHS[kind])
    return model, dict(x=x_fit, y=y_fit, validation_data=(x_val, y_val), **fit), test


def _best_mlp(quick: bool):
    """08 노트북이 검증 세트로 고른 MLP(9절의 '더 넓게, 더 큰 배치')."""
    return _chosen("best_mlp", quick)


def _cnn(quick: bool):
    """09 노트북이 검증 세트로 고른 합성곱 신경망(4절의 build_cnn(batch_norm=True) 와 6절의 학습)."""
    return _chosen("cnn", quick)


BUILDERS = {"original": _original, "seed_mlp": _seed_mlp, "best_mlp": _best_mlp, "cnn": _cnn}


def _peak_rss_mb() -> float:
    import resource

    # 리눅스의 ru_maxrss 는 KiB, macOS 는 바이트 단위다.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def run_recipe(name: str, quick: bool) -> dict:
    """방법 하나를 이 프로세스에서 실행하고 잰 값을 사전으로 돌려준다."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import numpy as np
    import tensorflow  # noqa: F401  (가져온 직후의 메모리를 기준선으로 잰다)

    from mnist_lesson.callbacks import EpochRecorder

    baseline_mb = _peak_rss_mb()

    model, fit, (x_test, y_test) = BUILDERS[name](quick)
    recorder = EpochRecorder(x_test, y_test)
    fit = dict(fit)
    fit["callbacks"] = list(fit.get("callbacks", [])) + [recorder]
    history = model.fit(verbose=0, **fit).history
    seconds = history["seconds"]
    test_accuracy = history["test_accuracy"]
    final = model.evaluate(x_test, y_test, batch_size=1000, verbose=0, return_dict=True)
    reached = {}
    for threshold in THRESHOLDS:
        hits = np.flatnonzero(np.asarray(test_accuracy) >= threshold)
        reached[f"{threshold:.3f}"] = (
            {"epoch": int(hits[0]) + 1, "seconds": round(seconds[hits[0]], 1)} if hits.size else None
        )
    return {
        "recipe": name,
        "label": LABELS[name],  # 잰 방법의 이름: 방법을 바꾼 뒤 다시 재지 않은 표는 이것으로 알아본다
        "epochs": len(seconds),
        "train_seconds": round(seconds[-1], 1),
        "reached": reached,
        "final_test_accuracy": round(float(final["accuracy"]), 4),
        "best_test_accuracy": round(float(max(test_accuracy)), 4),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "baseline_rss_mb": round(baseline_mb, 1),
        "train_samples": int(len(fit["x"])),
        "input_dtype": str(fit["x"].dtype),
        "params": int(model.count_params()),
        "keras": keras.__version__,
    }


# ---------------------------------------------------------------------------------------------
# 부모 프로세스: 방법마다 자식 프로세스를 차례로 띄우고, 결과를 표로 만든다.
# ---------------------------------------------------------------------------------------------


def machine_info() -> dict:
    """CPU 모델, 코어 수, 메모리, TensorFlow 버전, 시작할 때의 부하 평균."""
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    memory_gib = None
    try:
        match = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory_gib = round(int(match.group(1)) / 2**20, 1) if match else None
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    def _version(package):
        try:
            return version(package)
        except PackageNotFoundError:
            return "?"

    tensorflow = _version("tensorflow")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "tensorflow": tensorflow if tensorflow != "?" else _version("tensorflow-cpu"),
        "keras": _version("keras"),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "date": datetime.date.today().isoformat(),
    }


def run_child(name: str, quick: bool, timeout: float | None = None) -> dict:
    """방법 하나를 새 파이썬 프로세스에서 실행하고, 그 프로세스가 출력한 JSON 을 읽는다."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name] + (["--quick"] if quick else [])
    started = time.perf_counter()
    # TF_CPP_MIN_LOG_LEVEL 은 자식이 run_recipe 에서 TensorFlow 를 가져오기 전에 스스로 정한다.
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"방법 {name}: 실행하다 실패했습니다(종료 코드 {done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - started, 1)
    return result


def _reached_cell(reached) -> str:
    if reached is None:
        return "–"
    return f"{reached['epoch']} 에포크 · {reached['seconds']:.1f}초"


def _pipeline_mb(result: dict) -> float:
    """최대 RSS 에서 파이썬·TensorFlow 를 가져온 직후의 RSS 를 뺀 값: 데이터, 전처리, 학습이 더한 메모리."""
    return result["peak_rss_mb"] - result["baseline_rss_mb"]


def _ok(condition: bool) -> str:
    return "충족" if condition else "**미달**"


def render_table(results: dict, machine: dict, quick: bool) -> str:
    """결과 사전(방법 이름 → 잰 값)을 마크다운 표와 목표 확인, 기계 정보로 만든다."""
    base = results.get("original")
    lines = [
        "| 방법 | 에포크 | 학습 시간(초) | 시간 비율 | 98.0% 도달 | 99.0% 도달 | 최종 테스트 정확도 "
        "| 최대 RSS(MB) | 그중 데이터·학습(MB) | 메모리 비율 (RSS / 데이터·학습) |",
        "|---|---:|---:|---:|---|---|---:|---:|---:|---:|",
    ]
    stale = []
    for name in RECIPES:
        if name not in results:
            continue
        r = results[name]
        label = r.get("label", LABELS[name])
        if label != LABELS[name]:
            stale.append((label, LABELS[name]))
        time_ratio = f"{r['train_seconds'] / base['train_seconds']:.2f}" if base else "–"
        memory_ratio = (
            f"{r['peak_rss_mb'] / base['peak_rss_mb']:.2f} / {_pipeline_mb(r) / _pipeline_mb(base):.2f}" if base else "–"
        )
        lines.append(
            f"| {label} | {r['epochs']} | {r['train_seconds']:.1f} | {time_ratio} "
            f"| {_reached_cell(r['reached']['0.980'])} | {_reached_cell(r['reached']['0.990'])} "
            f"| {100 * r['final_test_accuracy']:.2f}% | {r['peak_rss_mb']:.0f} | {_pipeline_mb(r):.0f} | {memory_ratio} |"
        )
    lines.append("")
    for measured, current in stale:
        lines.append(
            f"※ '{measured}' 행은 지금 이 벤치마크가 재는 방법이 아니라 그 전의 방법으로 잰 값입니다. "
            f"지금의 방법('{current}')은 아직 재지 않았습니다: 목표 확인도 그 전의 방법에 대한 것입니다."
        )
    if stale:
        lines.append("")
    if quick:
        lines.append(
            f"빠른 모드(`--quick`): 훈련 {QUICK_TRAIN}장, 1 에포크라 정확도와 시간은 의미가 없고, 목표는 확인하지 않습니다."
        )
    elif base:
        checks = []
        if "best_mlp" in results:
            r = results["best_mlp"]
            ratio = r["train_seconds"] / base["train_seconds"]
            checks.append(
                f"- 08 검증으로 고른 MLP: 테스트 정확도 {100 * r['final_test_accuracy']:.2f}% (목표 ≥ {100 * TARGET_MLP_ACCURACY:.1f}%), "
                f"학습 시간 원본의 {100 * ratio:.0f}% (목표 ≤ {100 * TARGET_MLP_TIME_RATIO:.0f}%): "
                + _ok(r["final_test_accuracy"] >= TARGET_MLP_ACCURACY and ratio <= TARGET_MLP_TIME_RATIO)
            )
        if "cnn" in results:
            r = results["cnn"]
            checks.append(
                f"- 09 검증으로 고른 CNN: 테스트 정확도 {100 * r['final_test_accuracy']:.2f}% (목표 ≥ {100 * TARGET_CNN_ACCURACY:.1f}%), "
                f"학습 시간 {r['train_seconds']:.0f}초 (목표 ≤ {TARGET_CNN_SECONDS:.0f}초): "
                + _ok(r["final_test_accuracy"] >= TARGET_CNN_ACCURACY and r["train_seconds"] <= TARGET_CNN_SECONDS)
            )
        if "seed_mlp" in results:
            r = results["seed_mlp"]
            ratio = _pipeline_mb(r) / _pipeline_mb(base)
            checks.append(
                f"- float32 파이프라인(06)의 메모리(데이터·학습 몫): 원본의 {ratio:.2f}배 (목표 ≤ {TARGET_MEMORY_RATIO}배): "
                + _ok(ratio <= TARGET_MEMORY_RATIO)
                + f". 프로세스 전체의 최대 RSS 로는 {r['peak_rss_mb'] / base['peak_rss_mb']:.2f}배"
                f"(두 방법 모두 TensorFlow 를 가져오는 데만 약 {base['baseline_rss_mb']:.0f} MB 를 씁니다)."
            )
        lines += ["목표 확인:", ""] + checks
    lines += [
        "",
        f"기계: {machine['cpu']}, {machine['cores']}코어"
        + (f", 메모리 {machine['memory_gib']} GiB" if machine.get("memory_gib") else "")
        + f", {machine['os']}, Python {machine['python']}, TensorFlow {machine['tensorflow']}, Keras {machine['keras']}. "
        f"시작할 때 부하 평균(1분) {machine['load_average']}, 측정일 {machine['date']}.",
        "",
        "학습 시간은 `fit` 시간에서 에포크마다 테스트 정확도를 재는 시간을 뺀 값입니다(검증 세트 평가는 포함). "
        "최대 RSS 는 명령 하나가 방법마다 새 자식 프로세스를 차례로 띄워 잰 `ru_maxrss` 이고(파이썬과 TensorFlow 를 "
        "가져오는 데 드는 메모리 포함), '그중 데이터·학습' 은 거기서 TensorFlow 를 가져온 직후의 RSS 를 뺀 값입니다. "
        "비율은 원본 튜토리얼에 대한 값입니다.",
        "",
        "방법마다 프로세스를 나누는 까닭: 한 프로세스에서 차례로 재면 앞 방법이 남긴 메모리를 뒤 방법이 다시 써서, 같은 방법도 "
        "순서에 따라 다른 값이 나옵니다. 메모리 목표를 '데이터·학습' 몫으로 보는 까닭: TensorFlow 를 가져오는 데 드는 메모리는 "
        "어느 방법이든 같고 이 수업이 줄일 수 없는 몫입니다(그 몫까지 넣은 비율도 표에 함께 적었습니다).",
    ]
    return "\n".join(lines)


def update_readme(block: str, path: Path = README, seconds: float | None = None) -> None:
    """README 의 벤치마크 표시 사이만 바꾼다. ``seconds``: 이번 실행에서 방법마다의 자식 프로세스가 걸린 시간의 합."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    took = f"(이 기계에서 이번 실행은 {math.ceil(seconds / 60)}분)" if seconds else ""
    rerun = f"다시 재려면 저장소 폴더에서 `python benchmarks/benchmark.py --update-readme` 를 실행하세요{took}."
    body = f"\n## 벤치마크: 원본 튜토리얼과 이 시리즈의 방법\n\n{block}\n\n{rerun}\n"
    path.write_text(text[:start] + body + text[end:], encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="원본 튜토리얼과 수업의 방법들을 같은 기계에서 잰다.")
    parser.add_argument("--quick", action="store_true", help=f"훈련 {QUICK_TRAIN}장, 1 에포크로 빠르게(테스트용)")
    parser.add_argument("--recipes", default=",".join(RECIPES), help="쉼표로 구분한 방법 이름(기본: 전부)")
    parser.add_argument("--json", type=Path, help="잰 값을 JSON 파일로도 저장")
    parser.add_argument("--update-readme", action="store_true", help="README 의 벤치마크 표를 바꾼다(전체 실행만)")
    parser.add_argument("--child", choices=RECIPES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_recipe(args.child, args.quick)), flush=True)
        return 0

    names = [n.strip() for n in args.recipes.split(",") if n.strip()]
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        parser.error(f"모르는 방법 {unknown}. 쓸 수 있는 것: {', '.join(RECIPES)}")
    if args.update_readme and (args.quick or set(names) != set(RECIPES)):
        parser.error("--update-readme 는 모든 방법의 전체 실행에서만 씁니다(--quick, --recipes 없이).")
    machine = machine_info()
    results = {}
    for name in names:
        print(f"[{datetime.datetime.now():%H:%M:%S}] {name} 실행 중...", file=sys.stderr, flush=True)
        results[name] = run_child(name, args.quick)
        r = results[name]
        print(
            f"    학습 {r['train_seconds']}초, 테스트 정확도 {r['final_test_accuracy']:.4f}, 최대 메모리 {r['peak_rss_mb']} MB",
            file=sys.stderr, flush=True,
        )
    block = render_table(results, machine, args.quick)
    print(block)
    raw = json.dumps({"machine": machine, "quick": args.quick, "results": results}, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(raw)
    if args.update_readme:
        update_readme(block, seconds=sum(r["process_seconds"] for r in results.values()))
        LATEST.write_text(raw + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
