"""The `rlskg` command. Each subcommand calls one library function and prints what it returns.

Exit status: 0 done, 1 the data or the question failed (a problem in graph/, an unknown name),
2 a usage error (bad arguments, a bad query).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rlskg.errors import AmbiguousName, RlsKgError, ValidationFailed

__all__ = ["main"]


class _Usage(RlsKgError):
    """A usage error the CLI reports with exit status 2."""


def _root(args: argparse.Namespace) -> Path:
    from rlskg.project import find_root  # noqa: PLC0415

    return Path(args.root) if args.root else find_root()


def _graph_file(args: argparse.Namespace, view: bool = False) -> Path | None:
    """The built graph a command reads: --graph, else the build of --root, else None (found from here)."""
    if args.graph:
        return Path(args.graph)
    if not args.root:
        return None
    from rlskg.network import built_graph, default_view  # noqa: PLC0415

    return default_view(Path(args.root)) if view else built_graph(Path(args.root))


def _build(args: argparse.Namespace) -> int:
    from rlskg.build import build  # noqa: PLC0415

    result = build(_root(args), Path(args.out) if args.out else None, Path(args.sources) if args.sources else None)
    for path in result.written:
        print(f"wrote {path}")
    print(result.summary)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from rlskg.build import validate  # noqa: PLC0415

    result = validate(_root(args), Path(args.sources) if args.sources else None)
    print(f"valid: {result.summary}")
    return 0


def _locate(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    from rlskg.curation import load_curation  # noqa: PLC0415
    from rlskg.sources import context, locate, sources_dir  # noqa: PLC0415

    root = _root(args)
    curation = load_curation(root)
    source = next((s for s in curation.sources if s.id == args.source), None)
    if source is None:
        raise _Usage(f"unknown source '{args.source}'; known: {', '.join(s.id for s in curation.sources)}")
    directory = sources_dir(Path(args.sources) if args.sources else None, root)
    if directory is None or not (directory / source.file).is_file():
        raise _Usage(f"source text {source.file} not found; use --sources DIR or RLSKG_SOURCES")
    text = (directory / source.file).read_text(encoding="utf-8")
    spans = locate(text, args.quote)
    if not spans:
        print(f"not found in {source.id}: {args.quote}", file=sys.stderr)
        return 1
    for span in spans:
        prefix, suffix = context(text, span.start, span.end)
        print(f"  start: {span.start}\n  end: {span.end}")
        print(f"  prefix: {json.dumps(prefix, ensure_ascii=False)}\n  suffix: {json.dumps(suffix, ensure_ascii=False)}")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _why(args: argparse.Namespace) -> int:
    from rlskg.explain import why  # noqa: PLC0415

    name = " ".join(args.name)
    try:
        answer = why(
            name,
            args.to,
            max_paths=args.max_paths,
            max_hops=args.max_hops,
            graph_path=_graph_file(args, view=True),
        )
    except ValueError as error:
        raise _Usage(str(error)) from None
    if args.html:
        from rlskg.view import write_answer_html  # noqa: PLC0415

        write_answer_html(answer, Path(args.html), graph_path=_graph_file(args, view=True))
    if args.format == "json":
        print(answer.to_json())
    else:
        print(answer.to_text(styled=sys.stdout.isatty() and "NO_COLOR" not in os.environ))
    if args.html:
        print(f"wrote {args.html}", file=sys.stderr)
    return 1 if answer.verdict == "unknown" else 0


def _open(args: argparse.Namespace) -> int:
    from rlskg.build import build  # noqa: PLC0415

    root = _root(args)
    page = root / "build" / "rls.html"
    inputs = [p for folder in ("ontology", "graph") for p in (root / folder).rglob("*") if p.is_file()]
    if not page.is_file() or any(p.stat().st_mtime > page.stat().st_mtime for p in inputs):
        print("build/rls.html is stale; rebuilding", file=sys.stderr)
        build(root)
    if not page.is_file():
        raise RlsKgError("the graph is too large to draw as one page (no build/rls.html); ask `rlskg why NAME`")
    url = page.resolve().as_uri()
    if args.name:
        from rlskg.explain import Explainer  # noqa: PLC0415
        from rlskg.network import load_network  # noqa: PLC0415

        name = " ".join(args.name)
        explainer = Explainer(load_network())
        found = explainer.resolve(name)
        if not found:
            hints = ", ".join(s.ref.label for s in explainer.suggest(name))
            raise RlsKgError(
                f"nothing in the graph is called '{name}'" + (f"; did you mean: {hints}?" if hints else "")
            )
        if len(found) > 1:
            raise AmbiguousName(name, [(n, explainer.G.nodes[n]["label"]) for n in found])
        url += f"#focus={found[0]}"
    if args.no_browser:
        print(url)
        return 0
    import webbrowser  # noqa: PLC0415

    if not webbrowser.open(url):
        print(f"no browser could be started; open {url}", file=sys.stderr)
    else:
        print(url)
    return 0


def _sparql(args: argparse.Namespace) -> int:
    from rlskg.errors import QueryError, QueryTimeout  # noqa: PLC0415
    from rlskg.network import load_graph  # noqa: PLC0415
    from rlskg.sparql import query, saved_queries, serialize  # noqa: PLC0415

    saved = saved_queries(_root(args))
    if args.list:
        width = max(len(name) for name in saved)
        for name, item in saved.items():
            print(f"{name.ljust(width)}  {item.answers.removeprefix('Answers: ')}")
        return 0
    if args.saved:
        if args.saved not in saved:
            raise _Usage(f"no saved query '{args.saved}'; saved queries: {', '.join(saved)}")
        text = saved[args.saved].text
    elif args.query:
        candidate = Path(args.query)
        if args.query.endswith(".rq") or (len(args.query) < 256 and "\n" not in args.query and candidate.is_file()):
            try:
                text = candidate.read_text(encoding="utf-8")
            except OSError as error:
                raise _Usage(f"cannot read {candidate}: {error.strerror}") from None
        else:
            text = args.query
    else:
        raise _Usage("give a query (text or a .rq file), --saved NAME or --list")
    bindings = {}
    for item in args.bind or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise _Usage(f"--bind takes NAME=VALUE, not '{item}'")
        bindings[name.lstrip("?")] = value
    graph = load_graph(_graph_file(args))
    try:
        result = query(graph, text, timeout=args.timeout, bindings=bindings)
        output = serialize(result, args.format)
    except QueryTimeout as error:
        print(f"rlskg: {error}", file=sys.stderr)
        return 1
    except QueryError as error:
        raise _Usage(str(error)) from None
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    return 0


def _serve(args: argparse.Namespace) -> int:
    from rlskg.server import serve  # noqa: PLC0415

    try:
        serve(
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            workers=args.workers,
            graph_path=_graph_file(args),
            root=_root(args),
        )
    except OSError as error:
        raise RlsKgError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rlskg",
        description="An explainable causal knowledge graph of restless legs syndrome.",
    )
    parser.add_argument("--root", help="the project folder (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("build", help="validate graph/ and write build/")
    p.add_argument("--out", help="where to write (default: build/)")
    p.add_argument("--sources", help="folder of the source texts (default: $RLSKG_SOURCES, else ../shared/sources)")
    p.set_defaults(run=_build)

    p = commands.add_parser("validate", help="run every check of the build and write nothing")
    p.add_argument("--sources", help="folder of the source texts")
    p.set_defaults(run=_validate)

    p = commands.add_parser("locate", help="print the offsets, prefix and suffix of a quote, for a claim file")
    p.add_argument("source", help="source id, such as nhlbi or webmd")
    p.add_argument("quote", help="the words to find (white space is folded)")
    p.add_argument("--sources", help="folder of the source texts")
    p.set_defaults(run=_locate)

    p = commands.add_parser("why", help="why is X linked to RLS? the chain of causes, with quotes")
    p.add_argument("name", nargs="*", help="a condition, medicine, habit... (label, synonym, brand name or id)")
    p.add_argument("--to", default="RLS", help="the target (default: RLS)")
    p.add_argument("--max-paths", type=_positive, default=5, help="chains to show (default: 5)")
    p.add_argument("--max-hops", type=_positive, default=4, help="longest chain (default: 4)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    p.add_argument("--html", metavar="FILE", help="also write an interactive view of just this answer")
    p.add_argument("--graph", help="the built graph to read (default: build/rls.ttl or $RLSKG_GRAPH)")
    p.set_defaults(run=_why)

    p = commands.add_parser("open", help="open the interactive graph in a browser (rebuilt when stale)")
    p.add_argument("name", nargs="*", help="focus the view on this entity's paths to RLS")
    p.add_argument("--no-browser", action="store_true", help="print the page's address instead of opening it")
    p.set_defaults(run=_open)

    formats = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld"]
    p = commands.add_parser("sparql", help="run a SPARQL query (text, a .rq file, or a saved query)")
    p.add_argument("query", nargs="?", help="the query text, or a .rq file")
    p.add_argument("--saved", metavar="NAME", help="run a saved query of graph/queries/")
    p.add_argument("--list", action="store_true", help="list the saved queries")
    p.add_argument("--format", choices=formats, default="table", help="output format (default: table)")
    p.add_argument("--bind", action="append", metavar="NAME=VALUE", help="bind a variable, e.g. entity=Diabetes")
    p.add_argument("--timeout", type=_seconds, default=10.0, help="time limit in seconds (default: 10)")
    p.add_argument("--graph", help="the built graph to query (default: build/rls.ttl)")
    p.set_defaults(run=_sparql)

    p = commands.add_parser("serve", help="a read-only SPARQL 1.1 endpoint over the built graph")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--timeout", type=_seconds, default=10.0, help="time limit per query in seconds (default: 10)")
    p.add_argument("--workers", type=_positive, default=2, help="query worker processes (default: 2)")
    p.add_argument("--graph", help="the built graph to serve (default: build/rls.ttl)")
    p.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ValidationFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failed.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    except (_Usage, AmbiguousName) as usage:
        print(f"rlskg: {usage}", file=sys.stderr)
        return 2
    except RlsKgError as error:
        print(f"rlskg: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
