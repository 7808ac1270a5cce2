#!/bin/sh
# input_readers_test: every file nrc reads goes through io/input_file.h
# (regular files only, never blocking, a size cap per kind) and every JSON text
# through io/json_reader.h (nesting limit, unique keys). This test fails when a
# source file of nrc (tests and benchmarks excepted) reads a file or parses
# JSON another way.
#
# Usage: tests/input_readers_test.sh SOURCE_DIR
# Allowed exceptions, each with its reason:
#   io/input_file.cc    the one place that opens a file for reading;
#   io/json_reader.cc   the one place that calls nlohmann's parser;
#   io/atomic_file.*    opens temporary files for WRITING (::open with O_WRONLY)
#                       and defines ReadWholeFile, kept for tests only (no nrc
#                       source may call it: it is neither bounded nor type-checked).
set -u
src=${1:?usage: input_readers_test.sh SOURCE_DIR}
cd "$src" || exit 2

# Ways to read a file or parse JSON without the guards.
pattern='ifstream|[^o]fstream|\bfopen *\(|\bfreopen *\(|\bgzopen *\(|::open *\(|\bopenat *\(|\bmmap *\(|json::parse *\(|json::accept *\(|json::sax_parse *\(|ReadWholeFile *\(|std::cin\b|\bgetline *\( *std::cin'

# Self-test: the pattern must find each way in a sample (a test that cannot fail is no test).
for sample in 'std::ifstream in(p);' 'FILE* f = fopen(p, "r");' 'gzFile g = gzopen(p, "rb");' \
  'int fd = ::open(p, O_RDONLY);' 'auto j = nlohmann::json::parse(text);' 'ordered_json::parse(t)' \
  'std::string t = ReadWholeFile(p);' 'std::fstream io(p);' 'std::cin >> x;'; do
  if ! printf '%s\n' "$sample" | grep -Eq "$pattern"; then
    echo "input_readers_test: the pattern misses: $sample"
    exit 1
  fi
done
for sample in 'std::ofstream out(p);' 'InputFile f(p, InputKind::kConfig);'; do
  if printf '%s\n' "$sample" | grep -Eq "$pattern"; then
    echo "input_readers_test: the pattern flags allowed code: $sample"
    exit 1
  fi
done

hits=$(find apps io datasets nets numerics proofs-check reports suite theory training -type f \
         \( -name '*.cc' -o -name '*.h' \) ! -name '*_test.cc' ! -name '*_fuzz_test.cc' |
       grep -v -E '^io/(input_file\.cc|json_reader\.cc|atomic_file\.(cc|h))$' | sort |
       xargs grep -nE "$pattern" | grep -vE '^[^:]+:[0-9]+: *//')
if [ -n "$hits" ]; then
  echo "input_readers_test: files read (or JSON parsed) without io/input_file.h / io/json_reader.h:"
  echo "$hits"
  exit 1
fi
n=$(find apps io datasets nets numerics proofs-check reports suite theory training -type f \( -name '*.cc' -o -name '*.h' \) ! -name '*_test.cc' | wc -l)
echo "input_readers_test: $n source files checked, every reader goes through io/input_file.h and io/json_reader.h"
