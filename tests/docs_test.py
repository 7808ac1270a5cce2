#!/usr/bin/env python3
"""The manual's contract (ctest docs_test, label unit).

Checks, for README.md and every page of docs/:
  - README.md is under 200 lines and links every docs/*.md page;
  - every relative Markdown link points at a file of the repository
    (and, with an anchor, at a heading of that page);
  - every `nrc SUBCOMMAND` written in a code block or a `code span` names a
    subcommand that exists: `nrc SUBCOMMAND --help` exits 0 and prints that
    subcommand's own usage line (nested ones such as `nrc data summary` too).
Prints one line per problem and exits 1 if there is any.

usage: docs_test.py NRC_BINARY REPO_DIR
       docs_test.py NRC_BINARY --control   (negative control: a made-up manual
       with one defect of each kind must be reported with every defect)
"""
import os, re, subprocess, sys

def anchors(text):
    out = set()
    for line in text.splitlines():
        m = re.match(r'^#+\s+(.*)$', line)
        if m:
            h = m.group(1).strip().lower()
            h = re.sub(r'[^\w\- ]', '', h).replace(' ', '-')
            out.add(h)
    return out

def code_text(text):
    """Fenced blocks and inline code spans: where commands are written."""
    blocks = re.findall(r'```[^\n]*\n(.*?)```', text, flags=re.S)
    spans = re.findall(r'`([^`\n]+)`', re.sub(r'```.*?```', '', text, flags=re.S))
    return '\n'.join(blocks + spans)

def check(nrc, repo):
    problems = []
    readme_path = os.path.join(repo, 'README.md')
    readme = open(readme_path, encoding='utf-8').read()
    n = readme.count('\n')
    if n >= 200:
        problems.append(f'README.md: {n} lines (the front door stays under 200)')
    docs_dir = os.path.join(repo, 'docs')
    pages = sorted(p for p in os.listdir(docs_dir) if p.endswith('.md'))
    for p in pages:
        if f'(docs/{p})' not in readme and f'(docs/{p}#' not in readme:
            problems.append(f'README.md does not link docs/{p}')
    files = [readme_path] + [os.path.join(docs_dir, p) for p in pages]
    subcommands = {}
    for path in files:
        text = open(path, encoding='utf-8').read()
        rel = os.path.relpath(path, repo)
        for target in re.findall(r'\]\(([^)\s]+)\)', text):
            if re.match(r'^[a-z]+://', target):
                continue
            file_part, _, anchor = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(dest):
                problems.append(f'{rel}: link to {target}: no such file')
            elif anchor and dest.endswith('.md') and anchor not in anchors(open(dest, encoding='utf-8').read()):
                problems.append(f'{rel}: link to {target}: no such heading')
        # A command: `nrc ...` at the start of a code line or span, after `$ `,
        # `&& `, `| ` or a path (build/apps/nrc); not "nrc imports ..." in prose.
        for m in re.finditer(r'(?:^\s*(?:\$ )?|&& |\| |\S/)nrc ([a-z]+(?: [a-z]+)?)', code_text(text), flags=re.M):
            subcommands.setdefault(m.group(1), rel)
    checked = {}
    for words, rel in sorted(subcommands.items()):
        parts = words.split()
        # "nrc verify data" is no nested command: fall back to the first word.
        for k in (len(parts), 1):
            cmd = [nrc] + parts[:k] + ['--help']
            key = ' '.join(parts[:k])
            if key not in checked:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
                out = r.stdout.decode(errors='replace')
                # CLI11 answers `nrc UNKNOWN --help` with the top-level help and exit 0:
                # the subcommand exists only if its own usage line is printed.
                usage = re.search(r'^Usage: \S*nrc ' + re.escape(key) + r' \[', out, flags=re.M)
                checked[key] = (r.returncode == 0 and usage is not None,
                                r.stderr.decode(errors='replace').strip() or 'no usage line for it')
            if checked[key][0]:
                break
        else:
            problems.append(f'{rel}: `nrc {parts[0]} --help` fails: {checked[parts[0]][1][:200]}')
    return problems, len(files), len(checked)

def control(nrc):
    """Each defect the check exists for, once: all five must be found."""
    import tempfile
    with tempfile.TemporaryDirectory() as repo:
        os.mkdir(os.path.join(repo, 'docs'))
        with open(os.path.join(repo, 'README.md'), 'w') as f:
            f.write('# x\n' + 'line\n' * 200 + '[a](docs/a.md) [gone](docs/gone.md) [h](docs/a.md#no-such)\n')
        with open(os.path.join(repo, 'docs', 'a.md'), 'w') as f:
            f.write('# A\n\n```sh\nnrc frobnicate --fast\n```\n')
        with open(os.path.join(repo, 'docs', 'unlinked.md'), 'w') as f:
            f.write('# U\n\n`nrc check RUN`\n')
        problems, _, _ = check(nrc, repo)
    expected = ['README.md: 20', 'does not link docs/unlinked.md', 'docs/gone.md: no such file',
                'no such heading', '`nrc frobnicate --help` fails']
    missed = [e for e in expected if not any(e in p for p in problems)]
    for p in problems:
        print('found:', p)
    print(f'docs_test --control: {len(expected) - len(missed)} of {len(expected)} defects found')
    return 1 if missed or len(problems) != len(expected) else 0

def main():
    nrc = sys.argv[1]
    if sys.argv[2] == '--control':
        return control(nrc)
    problems, pages, commands = check(nrc, sys.argv[2])
    for p in problems:
        print(p)
    print(f'docs_test: {pages} pages, {commands} subcommands checked, {len(problems)} problems')
    return 1 if problems else 0

if __name__ == '__main__':
    sys.exit(main())
