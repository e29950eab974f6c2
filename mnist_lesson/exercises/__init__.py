"""연습문제: 수업마다 몇 문제씩, 한국어로 바로 알려 주는 확인(check)과 힌트·해답.

노트북에서는 필요한 것만 직접 가져온다(전역 변수를 몰래 넣거나 ``*`` 로 가져오지 않는다)::

    from mnist_lesson.exercises import ____
    from mnist_lesson.exercises import lesson02 as ex

    first_dense_params = ____
    ex.q1.check(first_dense_params)
    # ex.q1.hint()
    # ex.q1.solution()

이 패키지를 가져와도 TensorFlow 는 불러오지 않고, 아무 설정도 바꾸지 않는다.
모델이 필요한 확인만 그 안에서 Keras 를 불러온다.
"""

from mnist_lesson.exercises.core import ____, CheckResult, Exercise, Incorrect, Outcome, is_blank

__all__ = ["____", "CheckResult", "Exercise", "Incorrect", "Outcome", "is_blank"]
