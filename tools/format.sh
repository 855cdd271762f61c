#!/bin/sh
# Apply the root .clang-format to Keel's C sources and headers, or check them.
#   tools/format.sh [FILE...]          reformat in place (default: the whole scope)
#   tools/format.sh --check [FILE...]  list the files that differ; exit 1 if any
#   tools/format.sh --diff [FILE...]   show what formatting would change; exit 1 if any
# Scope: every .c and .h the team wrote, i.e. those git tracks or would track
# (untracked but not ignored) under src/ include/ kernel/ libsel4/ apps/
# tests/ tools/elfloader/. Generated files never live in the tree (they are
# written to the build directory), and build directories are git-ignored, so
# nothing needs excluding. Needs clang-format 14 (tools/setup-deps.sh):
# other versions break lines differently. CLANG_FORMAT overrides the binary.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
mode=apply
case "${1:-}" in
--check) mode=check; shift ;;
--diff) mode=diff; shift ;;
-h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
-*) echo "format.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
    for c in clang-format-14 clang-format; do
        if command -v "$c" >/dev/null 2>&1; then cf=$c; break; fi
    done
fi
if [ -z "$cf" ] || ! "$cf" --version | grep -q 'version 14\.'; then
    echo "format.sh: clang-format 14 not found (run tools/setup-deps.sh)" >&2
    exit 2
fi

cd "$top"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
if [ $# -gt 0 ]; then
    printf '%s\n' "$@" >"$list"
else
    git ls-files --cached --others --exclude-standard -- \
        'src/*.[ch]' 'include/*.[ch]' 'kernel/*.[ch]' 'libsel4/*.[ch]' \
        'apps/*.[ch]' 'tests/*.[ch]' 'tools/elfloader/*.[ch]' | sort -u >"$list"
fi

total=0
differ=0
while IFS= read -r f; do
    [ -f "$f" ] || continue  # deleted in the work tree but still in the index
    total=$((total + 1))
    case $mode in
    apply)
        "$cf" -i --style="file:$top/.clang-format" "$f"
        ;;
    check)
        if ! "$cf" --style="file:$top/.clang-format" "$f" | cmp -s - "$f"; then
            echo "$f"
            differ=$((differ + 1))
        fi
        ;;
    diff)
        if ! "$cf" --style="file:$top/.clang-format" "$f" | diff -u --label "a/$f" --label "b/$f" "$f" -; then
            differ=$((differ + 1))
        fi
        ;;
    esac
done <"$list"

if [ "$mode" = apply ]; then
    echo "format.sh: formatted $total files"
    exit 0
fi
if [ "$differ" -gt 0 ]; then
    echo "format.sh: $differ of $total files differ from .clang-format (tools/format.sh fixes them)"
    exit 1
fi
echo "format.sh: all $total files formatted"
