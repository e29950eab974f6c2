"""``python -m mnist_lesson ...``: 강사용 명령(정답지 만들기, 학급 채점). ``mnist-lesson`` 명령과 같다."""

from mnist_lesson.cli import main

raise SystemExit(main())
