"""The `rlskg` command. Each subcommand calls one library function and prints what it returns.

Exit status: 0 done, 1 the data or the question failed (a problem in graph/, an unknown name),
2 a usage error (bad arguments, a bad query).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rlskg.errors import AmbiguousName, RlsKgError, ValidationFailed
from rlskg.project import build_inputs

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph
    from rlskg.sparql.endpoint import Remote
    from rlskg.sparql.store import Source

__all__ = ["main"]


class _Usage(RlsKgError):
    """A usage error the CLI reports with exit status 2."""


def _root(args: argparse.Namespace) -> Path:
    from rlskg.project import find_root  # noqa: PLC0415

    return Path(args.root) if args.root else find_root()


def _build(args: argparse.Namespace) -> int:
    from rlskg.build import build  # noqa: PLC0415

    out = Path(args.out) if args.out else None
    try:
        result = build(_root(args), out, Path(args.sources) if args.sources else None)
    except OSError as error:  # --out is a file, or a place that cannot be written
        where = error.filename or out or "build/"
        raise RlsKgError(f"cannot write the build to {where}: {error.strerror or error}") from None
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

    from rlskg.model.curation import load_curation  # noqa: PLC0415
    from rlskg.model.sources import context, find_text, locate, text_dirs  # noqa: PLC0415

    root = _root(args)
    curation = load_curation(root)
    source = next((s for s in curation.sources if s.id == args.source), None)
    if source is None:
        raise _Usage(f"unknown source '{args.source}'; known: {', '.join(s.id for s in curation.sources)}")
    path = find_text(text_dirs(Path(args.sources) if args.sources else None, root), source.file)
    if path is None:
        raise _Usage(f"source text {source.file} not found; use --sources DIR or RLSKG_SOURCES")
    text = path.read_text(encoding="utf-8")
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


def _graph_location(args: argparse.Namespace) -> Path | None:
    """The built graph a command reads: --graph, else the build/ of --root, else the default."""
    if getattr(args, "graph", None):
        return Path(args.graph)
    return Path(args.root) / "build" if args.root else None


def _print_overview(kg: KnowledgeGraph, target: str, fmt: str) -> int:
    from rlskg.causes import overview, render_text  # noqa: PLC0415

    try:
        found = overview(kg, target)
    except ValueError as error:
        raise _Usage(str(error)) from None
    print(json.dumps(found, indent=2, ensure_ascii=False) if fmt == "json" else render_text(found))
    return 0


def _causes(args: argparse.Namespace) -> int:
    from rlskg.kg import KnowledgeGraph  # noqa: PLC0415

    return _print_overview(KnowledgeGraph.open(_graph_location(args)), args.to, args.format)


def _opened(args: argparse.Namespace) -> KnowledgeGraph:
    """The graph a question is asked of: --endpoint's store, else the build (--graph, --root)."""
    from rlskg.kg import KnowledgeGraph, RemoteGraph  # noqa: PLC0415

    if getattr(args, "endpoint", None):
        return RemoteGraph.open(args.endpoint)
    return KnowledgeGraph.open(_graph_location(args))


def _compare(args: argparse.Namespace) -> int:
    import shutil  # noqa: PLC0415

    from rlskg.corroboration import compare, compare_csv, render_compare  # noqa: PLC0415

    names = [" ".join(name.split()) for name in args.name]
    try:
        found = compare(_opened(args), names, args.group, args.to)
    except ValueError as error:
        raise _Usage(str(error)) from None
    if args.format == "json":
        print(json.dumps(found, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(compare_csv(found))
    else:
        print(render_compare(found, shutil.get_terminal_size((120, 24)).columns))
    return 0


def _sources(args: argparse.Namespace) -> int:
    from rlskg.corroboration import render_sources, sources  # noqa: PLC0415

    found = sources(_opened(args))
    print(json.dumps(found, indent=2, ensure_ascii=False) if args.format == "json" else render_sources(found))
    return 0


def _why(args: argparse.Namespace) -> int:
    from rlskg.kg import KnowledgeGraph  # noqa: PLC0415

    name = " ".join(args.name)
    if args.endpoint:
        from rlskg.kg import RemoteGraph  # noqa: PLC0415

        try:
            remote = RemoteGraph.open(args.endpoint)
            answer = remote.why(name, args.to, max_paths=args.max_paths, max_hops=args.max_hops)
        except ValueError as error:
            raise _Usage(str(error)) from None
        print(answer.to_json() if args.format == "json" else answer.to_text(styled=sys.stdout.isatty()))
        return 1 if answer.verdict == "unknown" else 0
    if not args.graph and "RLSKG_GRAPH" not in os.environ:
        from rlskg.project import default_graph_path  # noqa: PLC0415

        built = default_graph_path(_root(args))
        view = built.with_name("rls.network.json")
        _warn_if_stale(args, view if view.is_file() else built)
    kg = KnowledgeGraph.open(_graph_location(args))
    asked, target = kg.resolve(name), kg.resolve(args.to)
    if len(asked) == 1 and asked == target and not args.html:
        return _print_overview(kg, args.to, args.format)  # "why RLS": what the pages say causes it
    try:
        answer = kg.why(name, args.to, max_paths=args.max_paths, max_hops=args.max_hops)
    except ValueError as error:
        raise _Usage(str(error)) from None
    if args.html:
        from rlskg.view import write_answer_html  # noqa: PLC0415

        try:
            write_answer_html(answer, Path(args.html), kg.to_networkx())
        except OSError as error:
            raise RlsKgError(f"cannot write {args.html}: {error.strerror or error}") from None
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
    if not page.is_file() or any(p.stat().st_mtime > page.stat().st_mtime for p in build_inputs(root)):
        print("build/rls.html is stale; rebuilding", file=sys.stderr)
        build(root)
    if not page.is_file():
        raise RlsKgError("the graph is too large to draw as one page (no build/rls.html); ask `rlskg why NAME`")
    url = page.resolve().as_uri()
    if args.name:
        from rlskg.kg import KnowledgeGraph  # noqa: PLC0415

        name = " ".join(args.name)
        kg = KnowledgeGraph.open(root / "build")
        found = kg.resolve(name)
        if not found:
            hints = ", ".join(s.ref.label for s in kg.suggest(name))
            raise RlsKgError(
                f"nothing in the graph is called '{name}'" + (f"; did you mean: {hints}?" if hints else "")
            )
        if len(found) > 1:
            raise AmbiguousName(name, [(n, kg.label(n)) for n in found])
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


_CHECKOUT_SLACK = 5.0  # seconds


def _warn_if_stale(args: argparse.Namespace, built: Path) -> None:
    """One line on stderr when the build is older than what it is built from."""
    root = _root(args)
    if not built.is_file():
        return
    newest = max(build_inputs(root), key=lambda p: p.stat().st_mtime, default=None)
    # A fresh clone writes build/ and its inputs within moments of each other: that is not stale.
    if newest is not None and newest.stat().st_mtime > built.stat().st_mtime + _CHECKOUT_SLACK:
        where = newest.relative_to(root)
        print(f"rlskg: warning: {built} is older than {where}; run `rlskg build` to update it", file=sys.stderr)


def _source(args: argparse.Namespace) -> Source:
    from rlskg.sparql.store import Source  # noqa: PLC0415

    source = Source.of(
        Path(args.graph) if args.graph else None,
        Path(args.store) if getattr(args, "store", None) else None,
        _root(args),
    )
    if not args.graph and not getattr(args, "store", None) and "RLSKG_GRAPH" not in os.environ:
        assert source.file is not None
        _warn_if_stale(args, source.file)
    return source


def _names(source: Source, store: object) -> Callable[[str], str]:
    """The graph's names, for the values a query is given: read only if a value names an entity."""
    from rlskg.kg import name_resolver  # noqa: PLC0415 - the names need networkx, which a query does not

    return name_resolver(source, store)


def _sparql(args: argparse.Namespace) -> int:
    from rlskg.errors import QueryError, QueryTimeout  # noqa: PLC0415
    from rlskg.sparql.endpoint import Remote  # noqa: PLC0415
    from rlskg.sparql.query import query_written, remote_resolver, saved_queries  # noqa: PLC0415

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
        bindings[name.lstrip("?$")] = value
    target: Source | Remote
    resolve: Callable[[str], str] | None
    if args.endpoint:
        target = Remote(args.endpoint)
        resolve = remote_resolver(target, args.timeout)
    else:
        target = _source(args)
        resolve = _names(target, None) if bindings else None
    try:
        output = query_written(
            target,
            text,
            args.format,
            timeout=args.timeout,
            bindings=bindings,
            resolve=resolve,
            federation=args.federate or (),
        )
    except QueryTimeout as error:
        print(f"rlskg: {error}", file=sys.stderr)
        return 1
    except QueryError as error:
        raise _Usage(str(error)) from None
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    return 0


def _serve(args: argparse.Namespace) -> int:
    from rlskg.web.server import serve  # noqa: PLC0415

    if args.endpoint:
        from rlskg.sparql.endpoint import check_endpoint  # noqa: PLC0415

        if args.graph or args.store:
            raise _Usage("give --endpoint, or --graph/--store, not both: the endpoint holds the graph")
        try:
            check_endpoint(args.endpoint)
        except RlsKgError as error:
            raise _Usage(str(error)) from None
    try:
        serve(
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            workers=args.workers,
            source=None if args.endpoint else _source(args),
            root=_root(args),
            federation=args.federate or (),
            endpoint=args.endpoint,
        )
    except OSError as error:
        raise RlsKgError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0


def _curate(args: argparse.Namespace) -> int:
    from rlskg.curate.draft import write_text  # noqa: PLC0415
    from rlskg.curate.propose import curate_file  # noqa: PLC0415

    root = _root(args)
    page = Path(args.page)
    if args.update_of:
        from rlskg.curate.reanchor import update_file  # noqa: PLC0415

        draft = update_file(page, root, args.update_of)
    elif args.source:
        draft = curate_file(
            page,
            root,
            args.source,
            title=args.title,
            publisher=args.publisher,
            date=args.date,
            short_name=args.short_name,
            parts=args.part,
            provenance={
                "url": args.url,
                "licence": args.licence,
                "retrieved": args.retrieved,
                "publisher_type": args.publisher_type,
            },
        )
    else:
        raise _Usage("give --source ID for a new page, or --update-of ID for a new version of a source's page")
    out = Path(args.out) if args.out else None
    if args.format == "json":
        print(draft.to_json())
        if not draft.candidates:  # why the proposal is empty, beside the JSON rather than in it
            print(f"rlskg curate: {draft.summary()}", file=sys.stderr)
        if out is not None:
            write_text(out, draft.to_yaml())
        return 0
    out = out or root / "graph" / "drafts" / f"{draft.source['id']}{'-update' if args.update_of else ''}.yaml"
    if out.exists() and not args.force:
        raise RlsKgError(f"{out} exists; review and accept it, remove it, or give --force")
    write_text(out, draft.to_yaml())
    print(draft.summary())
    print(f"wrote {out}; review it, then: rlskg accept {out}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from rlskg.curate.accept import accept  # noqa: PLC0415
    from rlskg.model.sources import own_texts  # noqa: PLC0415

    root = _root(args)
    result = accept(Path(args.draft), root, own_texts(Path(args.sources) if args.sources else None))
    for path in result.written:
        print(f"wrote {path}")
    if result.left_at is not None:
        print(
            f"left {result.left_at} where it is: the project keeps a copyright page's quotes only "
            "(give --sources DIR or set RLSKG_SOURCES to file its text with yours, so builds verify the quotes)"
        )
    print(
        f"accepted source {result.source}: {result.claims} claims, {result.entities} new entities, "
        f"{result.disagreements} disagreements; now run rlskg build"
    )
    return 0


def _load(args: argparse.Namespace) -> int:
    from rlskg.sparql.store import Source, load_store  # noqa: PLC0415

    graph = Path(args.graph) if args.graph else Source.default(_root(args)).file
    assert graph is not None
    count = load_store(Path(args.store), graph)
    print(f"loaded {count} quads from {graph} into {args.store}")
    return 0


def _push(args: argparse.Namespace) -> int:
    from rlskg.sparql.endpoint import Remote, push  # noqa: PLC0415
    from rlskg.sparql.query import query  # noqa: PLC0415
    from rlskg.sparql.store import Source  # noqa: PLC0415

    sent = push(args.store, Source.default(_root(args)), args.graph)
    for graph, triples in sent.items():
        print(f"sent {triples} triples to {graph}")
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    result = query(Remote(args.endpoint), count, timeout=60)
    total = next(iter(result.bindings[0].values()), 0)
    print(f"{args.endpoint} now holds {total} triples in all its graphs")
    return 0


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number more than 0, not {text}")
    return value


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


#: What `rlskg sparql` writes an answer as.
_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld"]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rlskg",
        description="An explainable causal knowledge graph of restless legs syndrome.",
    )
    parser.add_argument("--root", help="the project folder (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _graph_commands(commands)
    _question_commands(commands)
    _query_commands(commands)
    _curation_commands(commands)
    _store_commands(commands)
    return parser


def _graph_commands(commands: Any) -> None:
    """Add the commands that make the graph: build, validate, locate."""
    p = commands.add_parser("build", help="validate graph/ and write build/")
    p.add_argument("--out", help="where to write (default: build/)")
    p.add_argument(
        "--sources",
        help="folder of the source texts (looked in first; then $RLSKG_SOURCES, sources/, ../shared/sources)",
    )
    p.set_defaults(run=_build)

    p = commands.add_parser("validate", help="run every check of the build and write nothing")
    p.add_argument("--sources", help="folder of the source texts")
    p.set_defaults(run=_validate)

    p = commands.add_parser("locate", help="print the offsets, prefix and suffix of a quote, for a claim file")
    p.add_argument("source", help="source id, such as nhlbi or webmd")
    p.add_argument("quote", help="the words to find (white space is folded)")
    p.add_argument("--sources", help="folder of the source texts")
    p.set_defaults(run=_locate)

    p = commands.add_parser(
        "coverage", help="is every sentence with causal language of each page a claim or an explained exclusion?"
    )
    p.add_argument("source", nargs="*", help="source ids (default: every source)")
    p.add_argument("--sources", help="folder of the source texts")
    p.add_argument(
        "--write", action="store_true", help="record where the causal sentences of pages kept as quotes stand"
    )
    p.set_defaults(run=_coverage)


def _coverage(args: argparse.Namespace) -> int:
    from rlskg.model.coverage import LEDGER, check, record  # noqa: PLC0415
    from rlskg.model.curation import load_curation  # noqa: PLC0415
    from rlskg.model.sources import find_text, sha256_of, text_dirs  # noqa: PLC0415

    root = _root(args)
    curation = load_curation(root)
    unknown = sorted(set(args.source) - {s.id for s in curation.sources})
    if unknown:
        raise _Usage(f"unknown source '{unknown[0]}'; known: {', '.join(s.id for s in curation.sources)}")
    dirs = text_dirs(Path(args.sources) if args.sources else None, root)
    texts = {}
    for source in curation.sources:
        path = find_text(dirs, source.file)
        if path is not None and sha256_of(path) == source.sha256:
            texts[source.id] = path.read_text(encoding="utf-8")
    if args.write:
        path, count = record(root, curation, texts)
        print(f"wrote {path.relative_to(root)}: {count} pages kept as quotes", file=sys.stderr)
    failed = False
    for page in check(root, curation, texts):
        if args.source and page.source not in args.source:
            continue
        where = {"text": "from its text", "record": f"from {LEDGER}", "": "unchecked"}[page.read_from]
        print(
            f"{page.source}: {len(page.found)} sentences with causal language, {len(page.missing)} uncovered ({where})"
        )
        for sentence in page.missing:
            print(f"  uncovered: {page.sentence(sentence)}")
        if page.problem:
            print(f"  {page.problem}")
        failed = failed or bool(page.missing or page.problem)
    return 1 if failed else 0


def _question_commands(commands: Any) -> None:
    """Add the commands that ask the graph: why, causes, compare, sources, open."""
    p = commands.add_parser("why", help="why is X linked to RLS? the chain of causes, with quotes")
    p.add_argument("name", nargs="*", help="a condition, medicine, habit... (label, synonym, brand name or id)")
    p.add_argument("--to", default="RLS", help="the target (default: RLS)")
    p.add_argument("--max-paths", type=_positive, default=5, help="chains to show (default: 5)")
    p.add_argument("--max-hops", type=_positive, default=4, help="longest chain (default: 4)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    p.add_argument("--html", metavar="FILE", help="also write an interactive view of just this answer")
    p.add_argument("--graph", help="the built graph to read (default: build/rls.ttl or $RLSKG_GRAPH)")
    p.add_argument("--endpoint", metavar="URL", help="ask a SPARQL endpoint that holds the graph (see rlskg push)")
    p.set_defaults(run=_why)

    p = commands.add_parser("causes", help="what causes RLS? every entity's answer, grouped by verdict")
    p.add_argument("--to", default="RLS", help="the target (default: RLS)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    p.add_argument("--graph", help="the built graph to read (default: build/ or $RLSKG_GRAPH)")
    p.set_defaults(run=_causes)

    p = commands.add_parser("compare", help="what each publisher says: its stance on each entity's link to RLS")
    p.add_argument("name", nargs="*", help="only these entities (label, synonym, brand name or id)")
    p.add_argument("--group", help="only this relation group: causal, risk, worsening, mechanism, association")
    p.add_argument("--to", default="RLS", help="the target (default: RLS)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text", help="text (default), json or csv")
    p.add_argument("--graph", help="the built graph to read (default: build/ or $RLSKG_GRAPH)")
    p.add_argument("--endpoint", metavar="URL", help="ask a SPARQL endpoint that holds the graph (see rlskg push)")
    p.set_defaults(run=_compare)

    p = commands.add_parser("sources", help="the source pages: publisher, date, licence, versions, copies, claims")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    p.add_argument("--graph", help="the built graph to read (default: build/ or $RLSKG_GRAPH)")
    p.add_argument("--endpoint", metavar="URL", help="ask a SPARQL endpoint that holds the graph (see rlskg push)")
    p.set_defaults(run=_sources)

    p = commands.add_parser("open", help="open the interactive graph in a browser (rebuilt when stale)")
    p.add_argument("name", nargs="*", help="focus the view on this entity's paths to RLS")
    p.add_argument("--no-browser", action="store_true", help="print the page's address instead of opening it")
    p.set_defaults(run=_open)


def _query_commands(commands: Any) -> None:
    """Add the commands of SPARQL: sparql, serve."""
    p = commands.add_parser("sparql", help="run a SPARQL query (text, a .rq file, or a saved query)")
    p.add_argument("query", nargs="?", help="the query text, or a .rq file")
    p.add_argument("--saved", metavar="NAME", help="run a saved query of graph/queries/")
    p.add_argument("--list", action="store_true", help="list the saved queries")
    p.add_argument("--format", choices=_FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--bind", action="append", metavar="NAME=VALUE", help="bind a variable, e.g. entity=Diabetes")
    p.add_argument("--timeout", type=_seconds, default=10.0, help="time limit in seconds (default: 10)")
    p.add_argument("--graph", help="the built graph to query (default: build/rls.nq, else build/rls.ttl)")
    p.add_argument("--store", metavar="DIR", help="query a store on disk made by `rlskg load`")
    p.add_argument("--federate", action="append", metavar="URL", help="let SERVICE call this endpoint (repeatable)")
    p.add_argument("--endpoint", metavar="URL", help="run the query on this SPARQL 1.1 endpoint instead")
    p.set_defaults(run=_sparql)

    p = commands.add_parser("serve", help="a read-only SPARQL 1.1 endpoint over the built graph")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--timeout", type=_seconds, default=10.0, help="time limit per query in seconds (default: 10)")
    p.add_argument("--workers", type=_positive, default=2, help="query worker processes (default: 2)")
    p.add_argument("--graph", help="the built graph to serve (default: build/rls.nq, else build/rls.ttl)")
    p.add_argument("--store", metavar="DIR", help="serve a store on disk made by `rlskg load`")
    p.add_argument("--federate", action="append", metavar="URL", help="let SERVICE call this endpoint (repeatable)")
    p.add_argument("--endpoint", metavar="URL", help="answer from this SPARQL 1.1 endpoint (see rlskg push)")
    p.set_defaults(run=_serve)


def _curation_commands(commands: Any) -> None:
    """Add the curator's commands: curate, accept."""
    p = commands.add_parser("curate", help="propose quoted claims from a plain-text page, as a draft to review")
    p.add_argument("page", help="the page as plain text (UTF-8)")
    p.add_argument("--source", help="the id of the new source, such as nhs")
    p.add_argument("--update-of", metavar="ID", help="the page is a new version of this source: re-anchor its claims")
    p.add_argument("--title", help="the page's title (default: its first heading)")
    p.add_argument(
        "--publisher", help="the publisher: an id, name or short name of graph/publishers.yaml, or a new name"
    )
    p.add_argument("--publisher-type", help="a new publisher's type: government, hospital, foundation, ...")
    p.add_argument("--url", help="the address the page was taken from")
    p.add_argument("--licence", help="the page's licence (default: copyright, so only its quotes are kept)")
    p.add_argument("--retrieved", help="the day the page was taken, YYYY-MM-DD")
    p.add_argument("--date", help="the date the page states, YYYY-MM-DD")
    p.add_argument("--short-name", help="how answers cite the source (default: the id in capitals)")
    p.add_argument("--part", action="append", metavar="PART:START-END", help="mark a stretch as teaser or sidebar")
    p.add_argument("--out", help="where to write the draft (default: graph/drafts/ID.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing draft")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml", help="yaml: write a draft; json: print")
    p.set_defaults(run=_curate)

    p = commands.add_parser("accept", help="move a reviewed draft's claims, source and entities into graph/")
    p.add_argument("draft", help="the reviewed draft (YAML)")
    p.add_argument(
        "--sources", help="your folder of source texts, where a copyright page is added (default: $RLSKG_SOURCES)"
    )
    p.set_defaults(run=_accept)


def _store_commands(commands: Any) -> None:
    """Add the commands that put the graph in a store: load, push."""
    p = commands.add_parser("load", help="load the built graph into a store on disk, for large graphs")
    p.add_argument("--store", metavar="DIR", required=True, help="the store folder to write")
    p.add_argument("--graph", help="the RDF file to load (default: build/rls.nq, else build/rls.ttl)")
    p.set_defaults(run=_load)

    p = commands.add_parser("push", help="load the build into a triplestore with the Graph Store Protocol")
    p.add_argument("--endpoint", metavar="URL", required=True, help="the store's SPARQL query address")
    p.add_argument("--store", metavar="URL", required=True, help="the store's Graph Store Protocol address")
    p.add_argument("--graph", metavar="IRI", help="put everything into this named graph (default: as built)")
    p.set_defaults(run=_push)


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
    except Exception as error:  # a bug of ours: one line for the user, the traceback only when asked for
        if os.environ.get("RLSKG_DEBUG"):
            raise
        what = " ".join(str(error).split())[:300]
        print(
            f"rlskg: internal error ({type(error).__name__}: {what}); rerun with RLSKG_DEBUG=1 for the traceback"
            " and report it",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
