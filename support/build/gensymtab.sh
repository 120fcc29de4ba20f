#!/bin/sh
# Turn `nm -n --defined-only` output (file or - for stdin; /dev/null for an
# empty table) into assembly for the image's symbol table (.uk_symtab):
#   uk_symtab_count: number of entries
#   uk_symtab:       { u64 addr; u64 name offset } sorted by address
#   uk_symtab_names: NUL-terminated names
# Only code symbols are kept (t/T/W).
set -e
in=${1:--}
awk '
$2 ~ /^[tTW]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .uk_symtab, \"a\""
	print "\t.balign 8"
	print "\t.globl uk_symtab_count, uk_symtab, uk_symtab_names"
	print "uk_symtab_count:\n\t.quad " n
	print "uk_symtab:"
	off = 0
	for (i = 0; i < n; i++) {
		print "\t.quad 0x" addr[i] ", " off
		off += length(name[i]) + 1
	}
	print "uk_symtab_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}' "$in"
