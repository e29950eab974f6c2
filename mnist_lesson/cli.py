"""강사용 명령줄 도구 ``mnist-lesson`` (또는 ``python -m mnist_lesson``).

- ``mnist-lesson answer-key notebooks/ -o answer_keys``: 학생용 노트북의 빈칸을 해답으로 채운 정답지를 만든다.
- ``mnist-lesson grade 제출물폴더/ -o grades``: 제출한 노트북을 하나씩 따로 실행해 채점표와 요약표(CSV)를 만든다.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

_EPILOG = """예:
  mnist-lesson answer-key notebooks/ -o answer_keys --verify --fast
  mnist-lesson grade submissions/02/ -o grades/02 --fast --timeout 300
"""


def _korean(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """도움말의 기본 영어 문구(제목, -h)를 한국어로 바꾼다."""
    parser._positionals.title = "위치 인자"
    parser._optionals.title = "옵션"
    parser.add_argument("-h", "--help", action="help", help="이 도움말을 보여 주고 끝낸다")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mnist-lesson", add_help=False,
        description="MNIST 수업의 강사용 도구: 정답지 만들기와 학급 채점.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _korean(parser)
    commands = parser.add_subparsers(dest="command", metavar="명령", required=True)

    key = commands.add_parser(
        "answer-key", add_help=False, help="학생용 노트북의 빈칸을 해답으로 채운 정답지를 만든다",
        description="학생용 노트북의 `변수 = ____` 빈칸을 연습문제의 해답 코드로 채운 사본(정답지)을 만든다. "
                    "원본은 바꾸지 않는다.",
    )
    _korean(key)
    key.add_argument("paths", nargs="+", type=Path, metavar="노트북_또는_폴더",
                     help="학생용 노트북 파일이나, 노트북이 든 폴더")
    key.add_argument("-o", "--out", type=Path, default=Path("answer_keys"), metavar="폴더",
                     help="정답지를 쓸 폴더(기본: ./answer_keys). 원본과 같은 폴더는 안 된다")
    key.add_argument("--verify", action="store_true",
                     help="만든 정답지를 하나씩 따로 실행해 모든 문제가 정답인지 확인한다")
    key.add_argument("--timeout", type=float, default=900, metavar="초",
                     help="--verify 때 노트북 하나의 제한 시간(기본: 900초)")
    key.add_argument("--fast", action="store_true", help="--verify 를 빠른 모드(에포크 1)로 실행한다")

    grade = commands.add_parser(
        "grade", add_help=False, help="제출한 노트북을 채점해 채점표와 요약표(CSV)를 만든다",
        description="폴더 안의 파일 하나를 학생 한 명(파일 이름 = 학생)으로 보고, 노트북마다 새 커널에서 "
                    "제한 시간을 두고 실행한 뒤 문제별 결과(정답/오답/미응답/미실행)를 모은다. "
                    "깨진 제출물도 상태 열에 적고 건너뛰지 않는다.",
    )
    _korean(grade)
    grade.add_argument("folder", type=Path, metavar="제출물_폴더", help="제출한 노트북들이 든 폴더")
    grade.add_argument("-o", "--out", type=Path, default=Path("grades"), metavar="폴더",
                       help="grades.csv 와 summary.csv 를 쓸 폴더(기본: ./grades)")
    grade.add_argument("--timeout", type=float, default=600, metavar="초",
                       help="노트북 하나의 제한 시간(기본: 600초). 넘기면 커널을 끄고 '시간 초과'로 적는다")
    grade.add_argument("--lesson", action="append", metavar="번호",
                       help="열로 쓸 수업(예: 02). 여러 번 쓸 수 있다. 없으면 제출물이 가져오는 수업에서 찾는다")
    grade.add_argument("--fast", action="store_true", help="빠른 모드(에포크 1)로 실행한다")
    grade.add_argument("--keep-going", action="store_true",
                       help="오류가 난 셀 뒤의 셀도 계속 실행한다(기본: '모두 실행'처럼 첫 오류에서 멈춘다)")
    grade.add_argument("--jobs", type=int, default=1, metavar="N", help="동시에 실행할 노트북 수(기본: 1)")
    return parser


def _answer_key(args) -> int:
    from mnist_lesson.answer_keys import AnswerKeyError, verify_answer_key, write_answer_keys

    try:
        keys = write_answer_keys(args.paths, args.out)
    except AnswerKeyError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1
    made = [k for k in keys if k.target is not None]
    for k in keys:
        if k.target is None:
            print(f"건너뜀: {k.source} ({k.skipped})")
        else:
            print(f"정답지: {k.source} → {k.target} (빈칸 {len(k.filled)}개: {', '.join(k.filled) or '없음'})")
    if not made:
        print("오류: 연습문제가 있는 노트북이 없어 정답지를 하나도 만들지 않았습니다.", file=sys.stderr)
        return 1
    if not args.verify:
        return 0
    failed = 0
    for k in made:
        ok, result, problems = verify_answer_key(k.target, timeout=args.timeout, fast=args.fast)
        print(f"확인: {k.target} … {'통과' if ok else '실패'} ({result.status}, {result.seconds:.1f}초)")
        for problem in problems:
            print(f"  - {problem}")
        failed += not ok
    return 1 if failed else 0


def _grade(args) -> int:
    from mnist_lesson.grading import OUTCOME_LABELS, grade_folder

    folder = args.folder
    if not folder.is_dir():
        print(f"오류: 제출물 폴더 {folder} 이(가) 없습니다.", file=sys.stderr)
        return 2
    if args.out.resolve() == folder.resolve():
        print("오류: 결과를 제출물 폴더에 쓰면 다음 채점 때 제출물로 읽힙니다. 다른 폴더를 고르세요(-o).", file=sys.stderr)
        return 2

    def progress(result):
        counts = collections.Counter(result.outcomes.values())
        tally = " · ".join(f"{label} {counts[key]}" for key, label in OUTCOME_LABELS.items())
        note = f" - {result.detail}" if result.detail else ""
        print(f"채점: {result.file} … {result.status} ({result.seconds:.1f}초) {tally}{note}", flush=True)

    try:
        report = grade_folder(folder, timeout=args.timeout, lessons=args.lesson, fast=args.fast,
                              keep_going=args.keep_going, jobs=max(1, args.jobs), progress=progress)
    except ValueError as exc:  # 모르는 수업 번호
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    grades, summary = report.write(args.out)
    print()
    print(report.summary_markdown())
    print()
    print(f"채점표: {grades}")
    print(f"요약표: {summary}")
    return 0


def main(argv=None) -> int:
    """명령줄 진입점: ``mnist-lesson 명령 ...``.

    Returns:
        종료 코드(0: 성공, 1: 정답지 실패, 2: 잘못된 입력).
    """
    args = _parser().parse_args(argv)
    if args.command == "answer-key":
        return _answer_key(args)
    return _grade(args)


if __name__ == "__main__":
    raise SystemExit(main())
