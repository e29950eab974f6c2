"""``google.colab.output`` 흉내: anywidget 이 Colab 에서 부르는 위젯 관리자 켜기를 기록한다."""

calls = []


class _Widgets:
    _installed_url = None  # anywidget 이 읽는다(진짜 Colab 에서는 위젯 관리자의 주소)


_widgets = _Widgets()


def enable_custom_widget_manager():
    calls.append("enable_custom_widget_manager")
