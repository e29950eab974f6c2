"""수업 도우미가 내는 오류: 무엇이 잘못됐고, 무엇이 필요하며, 어떻게 하면 되는지 한국어로 말한다."""

import errno

_OS_REASONS = {
    errno.ENOSPC: "디스크에 남은 공간이 없습니다",
    errno.EDQUOT: "디스크 할당량을 다 썼습니다",
    errno.EROFS: "읽기 전용 파일 시스템입니다",
    errno.EACCES: "권한이 없습니다",
    errno.EPERM: "권한이 없습니다",
    errno.EEXIST: "같은 이름의 파일이 있습니다",
    errno.ENOTDIR: "경로 중간에 폴더가 아닌 파일이 있습니다",
}


def os_reason(exc: OSError) -> str:
    """운영 체제 오류의 까닭을 한국어로(흔한 것만). 모르는 것은 운영 체제의 설명을 그대로 붙인다."""
    return _OS_REASONS.get(exc.errno) or f"운영 체제가 알린 까닭: {exc.strerror or exc}"


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
