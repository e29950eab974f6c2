"""그림: 이 패키지의 모든 그림은 여기에 있고 ``plots.이름(...)`` 으로 부른다.

모든 함수는 matplotlib ``Figure`` 를 만들어 돌려준다(pyplot 전역 상태를 건드리지 않는다).
노트북에서는 셀의 마지막 줄에 두면 한 번 그려지고, 테스트에서는 그림 속 값을 확인할 수 있다.
한글이 보이려면 먼저 ``config.setup()`` (또는 ``fonts.use_korean_font()``)을 부른다.
이미지는 ``images.as_batch`` 가 받는 모든 모양(uint8 0~255 또는 실수 0~1)을 받는다.

- 데이터(``digits``): ``sample_grid``, ``pixel_heatmap``, ``label_distribution``
- 학습 곡선(``curves``): ``learning_curves``
- 예측(``predictions``): ``confusion_matrix``, ``misclassified_gallery``, ``probability_bars``, ``prediction_gallery``
- 합성곱(``convolution``): ``kernel_grid``, ``feature_map_grid``
- 내 손글씨(``handwriting``): ``handwriting_steps``, ``handwriting_predictions``
"""

from mnist_lesson.plots.convolution import feature_map_grid, kernel_grid
from mnist_lesson.plots.curves import learning_curves
from mnist_lesson.plots.digits import label_distribution, pixel_heatmap, sample_grid
from mnist_lesson.plots.handwriting import handwriting_predictions, handwriting_steps
from mnist_lesson.plots.predictions import (confusion_matrix, misclassified_gallery, prediction_gallery,
                                            probability_bars)

__all__ = [
    "sample_grid", "pixel_heatmap", "label_distribution",
    "learning_curves",
    "confusion_matrix", "misclassified_gallery", "probability_bars", "prediction_gallery",
    "kernel_grid", "feature_map_grid",
    "handwriting_steps", "handwriting_predictions",
]
