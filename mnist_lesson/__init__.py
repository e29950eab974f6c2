"""MNIST로 배우는 딥러닝 수업의 도우미 패키지.

노트북이 필요한 모듈을 직접 가져다 쓴다(예: ``from mnist_lesson import config, data``).
이 파일은 아무것도 가져오거나 설정하지 않는다: 가져오기(import)만으로는 아무 일도 일어나지 않는다.
"""

__version__ = "0.1.0"
