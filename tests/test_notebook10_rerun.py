"""10 노트북을 한 폴더에서 두 번 실행한다: 첫 실행이 저장한 모델을 둘째 실행이 불러 쓰고, 06·09 의 파일은 만들지 않는다."""

from mnist_lesson import runner

from conftest import NOTEBOOKS, notebook_stdout

NOTEBOOK = NOTEBOOKS / "10_my_handwriting.ipynb"


def test_10_twice_in_one_folder(workdir):
    artifacts_dir = workdir / "artifacts"

    first = notebook_stdout(runner.execute(NOTEBOOK, cwd=workdir))
    assert "저장된 모델이 없어서 짧게 다시 학습합니다" in first
    assert (artifacts_dir / "model_10.keras").is_file()

    second = notebook_stdout(runner.execute(NOTEBOOK, cwd=workdir))
    assert "불러왔습니다: 이 노트북이 지난번에 저장한 모델" in second
    assert "짧게 다시 학습합니다" not in second

    for out in (first, second):
        assert "테스트 1,000장의 확률이 모두 같다: True" in out  # 저장 → 불러오기가 모델을 그대로 되살린다
        assert "예측한 숫자가 모두 같다: True" in out
        assert "BlankImageError" in out and "ImageInputError" in out  # 잘못된 입력 절이 오류를 보여 주고 계속했다
    # 06·09 노트북의 파일은 만들거나 덮어쓰지 않는다.
    assert sorted(p.name for p in artifacts_dir.iterdir()) == ["model_10.keras"]
