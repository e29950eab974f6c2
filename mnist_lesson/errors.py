"""수업 도우미가 내는 오류: 무엇이 잘못됐고, 무엇이 필요하며, 어떻게 하면 되는지 한국어로 말한다."""


class LessonError(Exception):
    """mnist_lesson 의 모든 오류의 부모 클래스."""


class LessonInputError(LessonError, ValueError):
    """도우미 함수에 넘긴 값(모양, 자료형, 값의 범위)이 기대와 다를 때."""


class MnistDataError(LessonError, RuntimeError):
    """MNIST 데이터를 구할 수 없거나, 구한 데이터가 올바르지 않을 때."""


class ConfigError(LessonError, ValueError):
    """환경 변수로 준 실행 설정이 올바르지 않을 때."""


class ArtifactError(LessonError, OSError):
    """모델이나 학습 기록을 저장할 수 없을 때(폴더 자리에 파일이 있음, 읽기 전용 폴더, 같은 이름의 폴더)."""


class LessonWarning(UserWarning):
    """오류는 아니지만 학생이 알아야 하는 일(예: 확률 대신 로짓을 내는 모델에 softmax 를 적용했다)."""
