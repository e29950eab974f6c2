"""09 를 이미 파일이 있는 폴더에서 실행한다: 06 의 MLP 를 불러다 쓰고, 전에 저장된 CNN 파일을 안전하게 덮어쓴다.

(처음 실행하는 경우, 곧 06 의 MLP 가 없는 빈 폴더에서 09 가 끝까지 실행되는지는 test_answer_keys.py 가
확인한다: 09 의 정답지를 grading.grade_file 이 제출물마다 새로 만드는 임시 폴더(저장 폴더도 그 안)에서 실행한다.
nbmake 로는 이 경우를 믿을 수 없다. 모든 노트북이 저장 폴더 하나를 함께 쓰므로 순서대로 돌면 06 의 MLP 가
이미 있고, -n auto 에서는 06 과 09 중 무엇이 먼저 끝날지 정해져 있지 않다.)
"""

from mnist_lesson import artifacts, models, runner

from conftest import NOTEBOOKS, notebook_stdout


def test_09_uses_the_mlp_from_06_and_overwrites_its_old_cnn(workdir):
    saved = workdir / "artifacts"
    saved.mkdir()
    artifacts.save_model(models.compile_like_original(models.build_seed_mlp()), saved / artifacts.MODEL_FILE)
    (saved / artifacts.CNN_FILE).write_bytes(b"an old, broken file")

    out = notebook_stdout(runner.execute(NOTEBOOKS / "09_cnn.ipynb", cwd=workdir))

    assert "06 노트북이 저장한 MLP 를 불러왔습니다" in out
    model = artifacts.load_model(saved / artifacts.CNN_FILE)
    assert model is not None and tuple(model.inputs[0].shape[1:]) == (28, 28, 1)
    assert sorted(p.name for p in saved.iterdir()) == sorted([artifacts.MODEL_FILE, artifacts.CNN_FILE])  # 임시 파일 없음
