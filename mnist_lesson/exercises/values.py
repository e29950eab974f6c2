"""답의 값을 커널에서 채점기로 옮기는 형식: 코드가 아니라 데이터만.

학생 커널(믿을 수 없다)이 ``encode`` 로 답을 파일에 적고, 채점기가 ``decode`` 로 읽는다. 읽는 쪽은 아무 코드도
실행하지 않는다(pickle 없음):

- 숫자, 문자열, 참/거짓, None, 빈칸 ``____``, 목록·튜플·집합·사전: JSON.
- NumPy 배열과 스칼라, 텐서(``__array__`` 가 있는 값): ``.npy`` (``allow_pickle=False``). 객체 배열은 받지 않는다.
- 자료형(``np.uint8``, ``x.dtype``), 함수와 클래스: 이름만. 채점기 쪽에서는 이름을 가진 빈 껍데기가 된다
  (부를 수 없고, 아무것도 가져오지 않는다).
- Keras 객체(모델, 층, 손실, 스케줄, 옵티마이저): ``keras.saving.serialize_keras_object`` 의 설정(JSON)과 가중치의
  모양. 채점기는 설정의 모듈이 모두 ``keras`` 인지 먼저 보고 ``safe_mode=True`` 로 다시 만든다(가중치는 새로
  초기화된다: 확인 함수는 구조만 본다).
- 설정이 없는 Keras 객체(콜백): 클래스 이름과 단순한 속성 값들. 채점기는 Keras 의 그 클래스 객체를 ``__init__``
  없이 만들어 속성만 채운다.
- 그 밖의 값: 종류 이름만 적은 ``Unreadable``. 확인하면 오답과 한국어 설명이 된다.

커널이 이 파일을 무엇으로 바꾸든 채점기가 얻는 것은 '학생이 그 값을 답으로 적었다' 와 같다: 정답인지는 채점기가
자기 프로세스에서 확인 함수로 정한다.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from pathlib import Path

import numpy as np

from mnist_lesson.exercises.core import ____

MANIFEST = "manifest.json"
MAX_ARRAY_BYTES = 512 << 20      # 배열 하나(512 MiB): 04 의 전처리한 훈련 세트(float32 188 MB, float64 376 MB)도 담는다
MAX_TEXT = 1 << 20               # 문자열 하나
MAX_NODES = 200_000              # 값 하나 안의 항목 수
MAX_DEPTH = 8
MAX_MANIFEST_BYTES = 8 << 20     # 채점기가 읽는 설명 파일 하나
SMALL_SEQUENCE = 1000            # 이보다 긴 숫자 목록은 배열 파일로
_FILE_NAME = re.compile(r"[0-9]{1,6}\.npy")


class Unreadable:
    """채점기로 옮길 수 없었던 답: 무슨 종류였는지와 까닭만 남는다."""

    def __init__(self, type_name: str, why: str = ""):
        self.type_name = str(type_name)[:80]
        self.why = str(why)[:120]

    def __repr__(self) -> str:
        return f"<옮길 수 없는 값: {self.type_name}>"

    def message(self) -> str:
        reason = {"too_big": "너무 커서", "object_array": "파이썬 객체를 담은 배열이라",
                  "too_deep": "너무 깊이 겹쳐 있어서", "keras_config": "Keras 설정을 다시 만들 수 없어서",
                  "not_keras": "Keras 3 객체가 아니라서"}.get(self.why, "이 종류는")
        return (f"채점기는 답의 값을 커널에서 옮겨 와 확인합니다. 이 답({self.type_name})은 {reason} 옮길 수 없었습니다. "
                "숫자, 문자열, 목록·튜플, NumPy 배열, Keras 객체처럼 문제가 묻는 종류로 답하세요.")


class FunctionRef:
    """함수의 이름만 옮긴 껍데기: ``__name__``·``__module__``·``__qualname__`` 은 있지만 부를 수 없다."""

    def __init__(self, module: str, name: str, qualname: str):
        self.__module__ = str(module)[:200]
        self.__name__ = str(name)[:200]
        self.__qualname__ = str(qualname)[:200]

    def __call__(self, *args, **kwargs):
        raise TypeError(f"채점기에서는 {self.__module__}.{self.__qualname__} 함수를 부르지 않습니다.")

    def __repr__(self) -> str:
        return f"<function {self.__module__}.{self.__qualname__}>"


class RecordedHistory:
    """``model.fit`` 이 돌려준 History 의 기록만 옮긴 것(``.history`` 사전)."""

    def __init__(self, history: dict):
        self.history = history

    def __repr__(self) -> str:
        return f"<History: {', '.join(map(str, self.history))}>"


def _type_name(value) -> str:
    try:
        kind = type(value)
        return f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__qualname__
    except Exception:
        return "?"


# --- 커널 쪽: 값을 파일로 ----------------------------------------------------------------------------


class _Encoder:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.files = 0
        self.nodes = 0

    def _file(self, array: np.ndarray) -> str:
        self.files += 1
        while (self.folder / f"{self.files}.npy").exists():  # 같은 폴더에 앞선 값(답 여럿, 노트북 값)의 파일이 있다
            self.files += 1
        name = f"{self.files}.npy"
        np.save(self.folder / name, array, allow_pickle=False)
        return name

    def node(self, value, depth: int = 0) -> dict:
        try:
            return self._node(value, depth)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # 어떤 값이어도 예외를 내지 않는다
            return {"t": "unreadable", "type": _type_name(value), "why": type(exc).__name__}

    def _array(self, array: np.ndarray, value) -> dict:
        if array.dtype.hasobject or array.dtype.kind == "V":
            return {"t": "unreadable", "type": _type_name(value), "why": "object_array"}
        if array.nbytes > MAX_ARRAY_BYTES:
            return {"t": "unreadable", "type": _type_name(value), "why": "too_big"}
        return {"t": "ndarray", "file": self._file(np.require(array, requirements="C"))}

    def _node(self, value, depth: int) -> dict:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            return {"t": "unreadable", "type": _type_name(value), "why": "too_deep"}
        if value is ____:
            return {"t": "blank"}
        if value is None:
            return {"t": "none"}
        if type(value) is bool:
            return {"t": "bool", "v": value}
        if isinstance(value, np.str_):
            return {"t": "str", "v": str(value)[:MAX_TEXT]}
        if isinstance(value, np.generic):  # NumPy 스칼라: 자료형째로 0차원 배열 파일에
            node = self._array(np.asarray(value), value)
            return {**node, "t": "npscalar"} if node["t"] == "ndarray" else node
        if isinstance(value, int) and not isinstance(value, bool):
            return {"t": "int", "v": int(value)}
        if isinstance(value, float):
            return {"t": "float", "v": repr(float(value))}
        if isinstance(value, complex):
            return {"t": "complex", "re": repr(value.real), "im": repr(value.imag)}
        if isinstance(value, numbers.Real):  # Fraction, Decimal
            return {"t": "float", "v": repr(float(value))}
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                return {"t": "unreadable", "type": "str", "why": "too_big"}
            return {"t": "str", "v": str(value)}
        if isinstance(value, (bytes, bytearray)):
            return {"t": "unreadable", "type": _type_name(value), "why": "bytes"}
        if isinstance(value, np.ndarray):
            return self._array(value, value)
        if isinstance(value, np.dtype):
            if value.hasobject or value.fields:
                return {"t": "unreadable", "type": "numpy.dtype", "why": "object_array"}
            return {"t": "dtype", "v": value.str}
        if isinstance(value, type):
            if issubclass(value, np.generic) and value not in (np.generic, np.number, np.object_):
                return {"t": "nptype", "v": np.dtype(value).str}
            return {"t": "class", "module": str(value.__module__), "name": str(value.__name__),
                    "qualname": str(value.__qualname__)}
        if type(value) in (list, tuple, set, frozenset):
            return self._sequence(value, depth)
        if type(value) is dict:
            return {"t": "dict", "items": [[self.node(k, depth + 1), self.node(v, depth + 1)] for k, v in value.items()]}
        if type(value).__name__ == "History" and isinstance(getattr(value, "history", None), dict):
            return {"t": "history", "history": self.node(dict(value.history), depth + 1)}
        module = type(value).__module__ or ""
        if module.split(".")[0] in ("keras", "tf_keras"):
            return self._keras(value)
        if hasattr(type(value), "__array__") or hasattr(value, "__array_interface__"):  # 텐서, PIL 이미지
            return self._array(np.asarray(value), value)
        if callable(value) and hasattr(value, "__name__"):  # 함수, 내장 함수, 메서드
            return {"t": "function", "module": str(getattr(value, "__module__", "") or ""),
                    "name": str(value.__name__), "qualname": str(getattr(value, "__qualname__", value.__name__))}
        return {"t": "unreadable", "type": _type_name(value), "why": "kind"}

    def _sequence(self, value, depth: int) -> dict:
        kind = type(value).__name__
        items = list(value)
        if len(items) > SMALL_SEQUENCE:
            array = np.asarray(items)
            if array.dtype.kind in "biuf":
                node = self._array(array, value)
                return {**node, "t": "seqarray", "kind": kind} if node["t"] == "ndarray" else node
            if len(items) > MAX_NODES:
                return {"t": "unreadable", "type": kind, "why": "too_big"}
        return {"t": kind, "items": [self.node(item, depth + 1) for item in items]}

    def _keras(self, value) -> dict:
        import keras

        module = type(value).__module__
        if module.split(".")[0] != "keras":
            return {"t": "unreadable", "type": _type_name(value), "why": "not_keras"}
        if not hasattr(value, "get_config") and hasattr(type(value), "__array__"):  # Keras 변수·텐서
            return self._array(np.asarray(value), value)
        if hasattr(value, "get_config"):
            config = keras.saving.serialize_keras_object(value)
            node = {"t": "keras", "config": json.loads(json.dumps(config, default=_json_default))}
            if isinstance(value, keras.layers.Layer):
                node["weights"] = [[int(d) for d in w.shape] for w in value.weights]
            return node
        attrs = {}
        for key, item in vars(value).items():
            if not key.startswith("_") and (item is None or type(item) in (bool, int, float, str)):
                attrs[key] = self.node(item, 1)
        return {"t": "keras_attrs", "module": module, "qualname": type(value).__qualname__, "attrs": attrs}


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.size <= 10_000:
        return value.tolist()
    raise TypeError(type(value).__name__)


def encode(value, folder) -> dict:
    """값 하나를 ``folder`` 의 파일들과 JSON 으로 적을 설명(dict)으로 바꾼다. 예외를 내지 않는다."""
    return _Encoder(folder).node(value)


# --- 채점기 쪽: 파일을 값으로 ---------------------------------------------------------------------------


class DecodeError(ValueError):
    """설명이 이 형식이 아닐 때(커널이 파일을 망가뜨렸거나 꾸몄을 때)."""


def _number_text(text, allow_special=True) -> float:
    if not isinstance(text, str) or len(text) > 40:
        raise DecodeError("실수 표기가 아닙니다.")
    number = float(text)
    if not allow_special and not math.isfinite(number):
        raise DecodeError("유한한 수가 아닙니다.")
    return number


class _Decoder:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.nodes = 0

    def _load(self, name) -> np.ndarray:
        if not isinstance(name, str) or not _FILE_NAME.fullmatch(name):
            raise DecodeError("배열 파일의 이름이 형식에 맞지 않습니다.")
        path = self.folder / name
        if path.is_symlink() or not path.is_file():
            raise DecodeError("배열 파일이 없습니다.")
        if path.stat().st_size > MAX_ARRAY_BYTES + 4096:
            raise DecodeError("배열 파일이 너무 큽니다.")
        array = np.load(path, allow_pickle=False)
        if not isinstance(array, np.ndarray) or array.dtype.hasobject:
            raise DecodeError("배열 파일이 아닙니다.")
        return array

    def value(self, node, depth: int = 0):
        self.nodes += 1
        if not isinstance(node, dict) or depth > MAX_DEPTH + 1 or self.nodes > MAX_NODES + 10:
            raise DecodeError("값의 설명이 형식에 맞지 않습니다.")
        kind = node.get("t")
        if kind == "blank":
            return ____
        if kind == "none":
            return None
        if kind == "bool" and type(node.get("v")) is bool:
            return node["v"]
        if kind == "int" and type(node.get("v")) is int:
            return node["v"]
        if kind == "float":
            return _number_text(node.get("v"))
        if kind == "complex":
            return complex(_number_text(node.get("re")), _number_text(node.get("im")))
        if kind == "str" and isinstance(node.get("v"), str):
            return node["v"][:MAX_TEXT]
        if kind == "ndarray":
            return self._load(node.get("file"))
        if kind == "npscalar":
            array = self._load(node.get("file"))
            if array.ndim != 0:
                raise DecodeError("스칼라가 아닙니다.")
            return array[()]
        if kind == "seqarray":
            items = self._load(node.get("file")).tolist()
            return self._container(node.get("kind"), items)
        if kind == "dtype":
            return _dtype(node.get("v"))
        if kind == "nptype":
            return _dtype(node.get("v")).type
        if kind == "class":
            return _stub_class(node)
        if kind == "function":
            return FunctionRef(node.get("module", ""), node.get("name", ""), node.get("qualname", ""))
        if kind in ("list", "tuple", "set", "frozenset"):
            items = node.get("items")
            if not isinstance(items, list):
                raise DecodeError("목록의 설명이 형식에 맞지 않습니다.")
            return self._container(kind, [self.value(item, depth + 1) for item in items])
        if kind == "dict":
            items = node.get("items")
            if not isinstance(items, list) or not all(isinstance(p, list) and len(p) == 2 for p in items):
                raise DecodeError("사전의 설명이 형식에 맞지 않습니다.")
            return {_hashable(self.value(k, depth + 1)): self.value(v, depth + 1) for k, v in items}
        if kind == "history":
            history = self.value(node.get("history"), depth + 1)
            if not isinstance(history, dict):
                raise DecodeError("학습 기록이 사전이 아닙니다.")
            return RecordedHistory(history)
        if kind == "keras":
            return _keras_object(node)
        if kind == "keras_attrs":
            return _keras_attrs(node, lambda item: self.value(item, depth + 1))
        if kind == "unreadable":
            return Unreadable(node.get("type", "?"), node.get("why", ""))
        raise DecodeError(f"모르는 값의 종류입니다: {str(kind)[:20]!r}")

    @staticmethod
    def _container(kind, items):
        makers = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
        if kind not in makers:
            raise DecodeError("목록의 종류가 형식에 맞지 않습니다.")
        try:
            return makers[kind](items)
        except TypeError:  # 집합에 넣을 수 없는 값
            raise DecodeError("집합에 넣을 수 없는 값입니다.") from None


def _hashable(key):
    try:
        hash(key)
    except TypeError:
        raise DecodeError("사전의 키로 쓸 수 없는 값입니다.") from None
    return key


def _dtype(text) -> np.dtype:
    if not isinstance(text, str) or len(text) > 20:
        raise DecodeError("자료형 표기가 아닙니다.")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise DecodeError("자료형 표기가 아닙니다.") from None
    if dtype.hasobject:
        raise DecodeError("객체 자료형은 받지 않습니다.")
    return dtype


def _stub_class(node) -> type:
    """클래스의 이름만 가진 빈 클래스(``isinstance(답, type)`` 과 이름을 보는 확인에 충분하다)."""
    name = str(node.get("name", ""))[:100] or "Unknown"
    stub = type(name, (), {"__module__": str(node.get("module", ""))[:200]})
    stub.__qualname__ = str(node.get("qualname", name))[:200]
    return stub


def _keras_modules(config, found: set) -> None:
    """설정 속의 모든 ``module`` 값과 클래스 이름을 모은다(되살리기 전에 검사하려고)."""
    if isinstance(config, dict):
        if "class_name" in config:
            found.add((str(config.get("module") or ""), str(config.get("class_name")), config.get("registered_name")))
        for item in config.values():
            _keras_modules(item, found)
    elif isinstance(config, list):
        for item in config:
            _keras_modules(item, found)


_FORBIDDEN_CLASSES = {"__lambda__", "Lambda", "__bytes__"}  # 파이썬 코드나 바이트를 담는 설정
# 되살릴 때 채점기의 메모리를 잡아먹지 않도록: 모양을 정하는 정수, 층 수, 가중치 원소 수의 상한
_SHAPE_KEYS = {"units", "filters", "kernel_size", "pool_size", "strides", "shape", "batch_shape", "input_dim",
               "output_dim", "target_shape", "size", "dims", "n"}
MAX_SHAPE_INT = 50_000
MAX_LAYERS = 200
MAX_WEIGHTS = 20_000_000


def _too_big(config, key: str = "", depth: int = 0) -> bool:
    """설정 속에 지나치게 큰 모양 값이 있는지(예: ``Dense(10**9)``)."""
    if depth > 60:
        return True
    if isinstance(config, dict):
        return any(_too_big(v, str(k), depth + 1) for k, v in config.items())
    if isinstance(config, list):
        return any(_too_big(v, key, depth + 1) for v in config)
    return key in _SHAPE_KEYS and isinstance(config, int) and not isinstance(config, bool) and abs(config) > MAX_SHAPE_INT


def _keras_object(node):
    config = node.get("config")
    if not isinstance(config, dict):
        raise DecodeError("Keras 설정이 사전이 아닙니다.")
    found = set()
    _keras_modules(config, found)
    expected = node.get("weights")
    sizes = [math.prod(shape) for shape in expected if isinstance(shape, list) and all(
        isinstance(d, int) and d >= 0 for d in shape)] if isinstance(expected, list) else []
    if (_too_big(config) or len(json.dumps(config)) > 2_000_000 or sum(sizes) > MAX_WEIGHTS
            or sum(1 for item in found if item[1] != "DTypePolicy") > MAX_LAYERS):
        return Unreadable(str(config.get("class_name", "?")), "too_big")
    for module, class_name, registered in found:
        if module and module != "keras" and not module.startswith("keras."):
            return Unreadable(class_name, "keras_config")
        if class_name in _FORBIDDEN_CLASSES or registered not in (None, class_name):
            return Unreadable(class_name, "keras_config")
    from mnist_lesson.tfimport import import_tensorflow

    import_tensorflow()  # 채점기 화면에 TensorFlow 의 시작 안내(absl, CUDA 를 찾지 못함)를 섞지 않는다
    import keras

    try:
        obj = keras.saving.deserialize_keras_object(config, safe_mode=True)
    except Exception:
        return Unreadable(str(config.get("class_name", "?")), "keras_config")
    if isinstance(obj, keras.layers.Layer) and isinstance(expected, list):
        shapes = [[int(d) for d in w.shape] for w in obj.weights]
        if shapes != expected:  # 설정과 가중치가 맞지 않으면(꾸민 설정) 옮기지 않는다
            return Unreadable(type(obj).__name__, "keras_config")
    return obj


def _keras_attrs(node, decode_item):
    """설정이 없는 Keras 객체(콜백): Keras 의 그 클래스로, ``__init__`` 없이 속성만 채운다."""
    import importlib

    import keras

    module, qualname = str(node.get("module", "")), str(node.get("qualname", ""))
    attrs = node.get("attrs")
    if not module.startswith("keras.") or not re.fullmatch(r"[A-Za-z_][\w.]*", qualname) or not isinstance(attrs, dict):
        raise DecodeError("Keras 객체의 설명이 형식에 맞지 않습니다.")
    try:
        cls = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
    except (ImportError, AttributeError):
        return Unreadable(qualname, "keras_config")
    if not (isinstance(cls, type) and issubclass(cls, keras.callbacks.Callback)):
        return Unreadable(qualname, "keras_config")
    obj = cls.__new__(cls)
    for key, item in attrs.items():
        if isinstance(key, str) and key.isidentifier() and not key.startswith("_"):
            value = decode_item(item)
            if value is None or type(value) in (bool, int, float, str):
                obj.__dict__[key] = value
    return obj


def decode(node, folder):
    """``encode`` 가 적은 설명과 파일을 값으로 되살린다(코드는 실행하지 않는다).

    Raises:
        DecodeError: 설명이 형식에 맞지 않을 때.
    """
    try:
        return _Decoder(folder).value(node)
    except DecodeError:
        raise
    except (ValueError, TypeError, OSError, RecursionError) as exc:
        raise DecodeError(f"값을 읽을 수 없습니다({type(exc).__name__}).") from None


def read_manifest(path) -> dict:
    """커널이 쓴 설명 파일을 크기 제한을 두고 읽는다.

    Raises:
        DecodeError: 너무 크거나 JSON 이 아닐 때.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
        raise DecodeError("설명 파일이 없거나 너무 큽니다.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise DecodeError("설명 파일이 JSON 이 아닙니다.") from None
    if not isinstance(data, dict):
        raise DecodeError("설명 파일이 형식에 맞지 않습니다.")
    return data


def write_manifest(folder, data: dict) -> None:
    """설명 파일을 쓴다(다 쓴 뒤 이름을 바꿔서, 반쯤 쓴 파일이 남지 않게)."""
    folder = Path(folder)
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / MANIFEST)


__all__ = ["DecodeError", "FunctionRef", "RecordedHistory", "Unreadable", "decode", "encode", "read_manifest",
           "write_manifest", "MANIFEST"]
