" Vim syntax file
" Language:    kam (key-account management rules)
" Filenames:   *.kam
" Keywords follow the keyword table of grammar/lexer.l; tests/cli/editors.sh
" checks that every one of them is named in a 'syntax keyword' line below.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syntax case match
" Names are letters, digits, '_' and any non-ASCII character (毛利率).
if has('patch-7.4.1142') || has('nvim')
  syntax iskeyword @,48-57,_,128-255
endif

" --- Comments -------------------------------------------------------------------
syntax keyword kamTodo contained TODO FIXME XXX NOTE
syntax match kamComment "#.*$" contains=kamTodo,@Spell

" --- Keywords -------------------------------------------------------------------
" Declarations; the name that follows is highlighted as a declared name.
syntax keyword kamDeclaration let output metric perspective tier alert nextgroup=kamDeclName skipwhite
syntax keyword kamStructure tiering scorecard entity relation nextgroup=kamTypeName skipwhite
syntax keyword kamStructure test
syntax match kamDeclName contained "\%(\h\|[^\x01-\x7f]\)\%(\w\|[^\x01-\x7f]\)*"
syntax match kamTypeName contained "\%(\h\|[^\x01-\x7f]\)\%(\w\|[^\x01-\x7f]\)*"

syntax keyword kamKeyword from key label on stage scale bands missing weights grades expect for
syntax keyword kamConditional when otherwise case then else end where
syntax keyword kamOperatorWord and or not in between is distinct
syntax keyword kamBoolean true false
syntax keyword kamNull null
syntax keyword kamSpecial as_of previous

" severity LEVEL
syntax keyword kamKeyword severity nextgroup=kamSeverity,kamBadSeverity skipwhite
syntax match kamBadSeverity contained "\%(\h\|[^\x01-\x7f]\)\%(\w\|[^\x01-\x7f]\)*"
syntax keyword kamSeverity contained info low medium high critical

" message "...": the one string that interpolates {EXPR} and {EXPR:FORMAT}.
syntax keyword kamKeyword message nextgroup=kamMessage skipwhite skipnl skipempty

" Built-ins and aggregates are ordinary names followed by '('.
syntax match kamBuiltin "\<\%(coalesce\|abs\|round\|least\|greatest\|days\|year\|month\|lower\|upper\|length\|contains\|starts_with\)\ze\s*("
syntax match kamAggregate "\<\%(count\|exists\|sum\|avg\|min\|max\)\ze\s*("

" After a dot any name is a column, keyword or not (account.label, deals.stage).
syntax match kamField "\.\s*\%(\%(\h\|[^\x01-\x7f]\)\%(\w\|[^\x01-\x7f]\)*\|\"\%([^\"\\]\|\\.\)*\"\)" contains=kamDot
syntax match kamDot contained "\."

" --- Operators ------------------------------------------------------------------
" (after kamField: '..' wins over a field at the same column)
syntax match kamOperator "!=\|<>\|<=\|>=\|[-+*/=<>]"
syntax match kamOperator "\.\."

" --- Literals -------------------------------------------------------------------
" Of several matches that start at the same column the last defined wins:
" a date over a duration over a number over a malformed number.
syntax match kamBadNumber "\%(\w\|[^\x01-\x7f]\)\@4<!\d\%([0-9A-Za-z_.%]\|[^\x01-\x7f]\)*"
" 42  3.5  1e6  170_000_000  15%  2.5M  3000万  1.7亿
syntax match kamNumber "\%(\w\|[^\x01-\x7f]\)\@4<!\d\%(_\=\d\)*\%(\.\d\%(_\=\d\)*\)\=\%([eE][-+]\=\d\%(_\=\d\)*\)\=\%([%KMB]\|万\|亿\)\=\%([0-9A-Za-z_%]\|[^\x01-\x7f]\|\.\d\)\@!" contains=kamNumberSuffix
syntax match kamNumberSuffix contained "[%KMB]\|万\|亿"
" 30 days  12 months  1 quarter  1 year  2weeks (whole numbers only: 1.5 months is an error)
syntax match kamDuration "\%(\w\|[^\x01-\x7f]\|\.\)\@4<!\d\%(_\=\d\)*\s*\%(days\=\|weeks\=\|months\=\|quarters\=\|years\=\)\%(\w\|[^\x01-\x7f]\)\@!" contains=kamDurationUnit
syntax match kamDurationUnit contained "\a\{3,}"
" 2026-06-30
syntax match kamDate "\%(\w\|[^\x01-\x7f]\)\@4<!\d\{4}-\d\{2}-\d\{2}\%(\w\|[^\x01-\x7f]\)\@!"

" --- Strings --------------------------------------------------------------------
syntax match kamEscape contained +\\\%(["\\nt]\|u{\x\{1,6}}\)+
syntax match kamBadEscape contained +\\\%(["\\nt]\|u{\x\{1,6}}\)\@!.+
syntax region kamString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ contains=kamEscape,kamBadEscape,@Spell

syntax region kamMessage contained start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ keepend contains=kamEscape,kamBadEscape,kamBadBrace,kamInterpolation,kamBraceEscape
syntax match kamBadBrace contained "}"
syntax cluster kamExpression contains=kamBuiltin,kamAggregate,kamField,kamOperator,kamBadNumber,kamNumber,kamDuration,kamDate,kamKeyword,kamConditional,kamOperatorWord,kamBoolean,kamNull,kamSpecial
syntax region kamInterpolation contained matchgroup=kamInterpolationDelim start="{" end="}" contains=@kamExpression,kamFormat,kamInnerString
" {{ and }} are literal braces (defined after kamInterpolation, so they win)
syntax match kamBraceEscape contained "{{\|}}"
syntax match kamFormat contained ":[^}\"]*\ze}"
syntax match kamInnerString contained +\\"\%([^"\\]\|\\[^"]\)*\\"+

" --- Highlighting ---------------------------------------------------------------
highlight default link kamComment            Comment
highlight default link kamTodo               Todo
highlight default link kamDeclaration        Keyword
highlight default link kamStructure          Structure
highlight default link kamDeclName           Function
highlight default link kamTypeName           Type
highlight default link kamKeyword            Keyword
highlight default link kamConditional        Conditional
highlight default link kamOperatorWord       Operator
highlight default link kamOperator           Operator
highlight default link kamBoolean            Boolean
highlight default link kamNull               Constant
highlight default link kamSpecial            Special
highlight default link kamSeverity           Constant
highlight default link kamBadSeverity        Error
highlight default link kamBuiltin            Function
highlight default link kamAggregate          Function
highlight default link kamNumber             Number
highlight default link kamNumberSuffix       Special
highlight default link kamDuration           Number
highlight default link kamDurationUnit       Special
highlight default link kamDate               Constant
highlight default link kamBadNumber          Error
highlight default link kamString             String
highlight default link kamMessage            String
highlight default link kamInnerString        String
highlight default link kamEscape             SpecialChar
highlight default link kamBraceEscape        SpecialChar
highlight default link kamBadEscape          Error
highlight default link kamBadBrace           Error
highlight default link kamInterpolationDelim Delimiter
highlight default link kamFormat             SpecialChar

let b:current_syntax = 'kam'
let &cpo = s:cpo_save
unlet s:cpo_save
