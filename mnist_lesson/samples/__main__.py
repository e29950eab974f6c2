"""``python -m mnist_lesson.samples``: 예시 손글씨 PNG 를 다시 만든다."""

from mnist_lesson.samples import make_samples

for path in make_samples():
    print(path)
