"""06 과 07 을 한 폴더에서 되풀이 실행한다: 첫 실행이 저장한 파일이 둘째 실행을 망가뜨리지 않는다.

빠른 모드(1 에포크)로 실행하고, 06 이 저장한 테스트 정확도가 범위 안에 있는지 확인한다.
"""

import json

from mnist_lesson import artifacts, runner

from conftest import NOTEBOOKS, notebook_stdout


def test_07_alone_says_the_model_is_missing_and_trains_one(workdir):
    out = notebook_stdout(runner.execute(NOTEBOOKS / "07_evaluation.ipynb", cwd=workdir))
    assert "저장한 모델이 없어" in out
    assert "미리 기록한 100 에포크" in out  # 빠른 모드에서도 과적합 곡선은 기록으로 보여 준다
    assert not (workdir / "artifacts" / artifacts.MODEL_FILE).exists()  # 07 은 06 의 파일을 만들지 않는다


def test_06_twice_then_07_uses_its_model(workdir):
    saved = workdir / "artifacts" / artifacts.MODEL_FILE
    accuracies = []
    for _ in range(2):
        runner.execute(NOTEBOOKS / "06_training.ipynb", cwd=workdir)
        assert saved.is_file()
        meta = json.loads((workdir / "artifacts" / artifacts.HISTORY_FILE).read_text())["meta"]
        assert meta["epochs"] == 1 and meta["fast"] is True
        accuracies.append(meta["test_accuracy"])
    for acc in accuracies:
        assert 0.93 <= acc <= 0.99  # 1 에포크의 테스트 정확도(범위로, 정확한 값이 아니라)
    assert accuracies[0] == accuracies[1]  # 같은 시드: 두 번째 실행도 같은 결과
    out = notebook_stdout(runner.execute(NOTEBOOKS / "07_evaluation.ipynb", cwd=workdir))
    assert "06 노트북이 저장한 모델을 불러왔습니다" in out
    assert sorted(p.name for p in saved.parent.iterdir()) == [artifacts.MODEL_FILE, artifacts.HISTORY_FILE]
