/*
 * parser.y — tokens to syntax tree for the kam language (pure bison).
 *
 * Actions are thin: they call the ast_* constructors and nothing else.
 * Name resolution, types and every rule about meaning live in check.c.
 * A syntax error inside a declaration is reported and parsing resumes at
 * the next declaration keyword, so one run reports every broken
 * declaration.  Nodes come from the rule set's arena, so discarded
 * symbols need no %destructor: freeing the arena frees them.  Syntax
 * errors read as bison's detailed ones, plus a hint when a keyword stands
 * where a name was expected (yyreport_syntax_error, at the end).
 */
%define api.pure full
%define api.prefix {kam_yy}
%define api.location.type {kam_span}
%define parse.error custom
%locations
%expect 0
%param {void *scanner}
%parse-param {kam_parser *ps}

%code requires {
#include "parse.h"
}

%code provides {
int kam_yylex(KAM_YYSTYPE *value, kam_span *location, void *scanner);
}

%code {
#include <string.h>

#define YYMAXDEPTH 5000
#define YYLLOC_DEFAULT(Cur, Rhs, N)                              \
  do {                                                           \
    if (N) {                                                     \
      (Cur).file = YYRHSLOC(Rhs, 1).file;                        \
      (Cur).start = YYRHSLOC(Rhs, 1).start;                      \
      (Cur).end = YYRHSLOC(Rhs, N).end;                          \
    } else {                                                     \
      (Cur).file = YYRHSLOC(Rhs, 0).file;                        \
      (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;            \
    }                                                            \
  } while (0)

static void kam_yyerror(kam_span *loc, void *scanner, kam_parser *ps, const char *msg);
static expr *literal(kam_parser *ps, expr_kind kind, kam_span at);
static expr *name_node(kam_parser *ps, string_token name, kam_span at);
static void add_decl(kam_parser *ps, decl *d);
static bool is_word(string_token t, const char *word);
static void not_a_declaration(kam_parser *ps, string_token word, kam_span at);
static char *word_at(kam_parser *ps, kam_span at);
#define MEM (ps->mem)
}

%union {
  int64_t ival;
  double dval;
  string_token str;
  expr *node;
  decl *decl;
  ptr_vec vec;
  tier *tier;
  band *band;
  metric *metric;
  perspective *persp;
  weight_row *row;
  weight_entry *entry;
  test_row *trow;
  test_field *tfield;
  test_expect *texpect;
  int op;
}

%token <str> IDENT "name" STRING "string"
%token <ival> INT "integer" DATE "date"
%token <dval> REAL "number"
%token <node> DURATION "duration"
%token ENTITY "entity" FROM "from" KEY "key" LABEL "label" RELATION "relation"
%token ON "on" LET "let" OUTPUT "output" TIERING "tiering" TIER "tier"
%token WHEN "when" OTHERWISE "otherwise" SCORECARD "scorecard" STAGE "stage"
%token PERSPECTIVE "perspective" METRIC "metric" SCALE "scale" BANDS "bands"
%token MISSING "missing" WEIGHTS "weights" GRADES "grades" ALERT "alert"
%token SEVERITY "severity" MESSAGE "message" TEST "test" EXPECT "expect"
%token FOR "for" AND "and" OR "or" NOT "not" IN "in" BETWEEN "between" IS "is"
%token NULL_ "null" TRUE_ "true" FALSE_ "false" CASE "case" THEN "then"
%token ELSE "else" END "end" WHERE "where" DISTINCT "distinct"
%token PREVIOUS "previous" AS_OF "as_of"
%token NE "!=" LE "<=" GE ">=" DOTDOT ".."
%token START_EXPR "expression start"

%type <node> expr or_expr and_expr not_expr cmp_expr arith term unary primary
%type <node> literal_number opt_where when_clause case_else for_key
%type <vec> expr_list when_list tiers bands_list perspective_items
%type <vec> weight_rows weight_entries test_fields
%type <dval> signed_number
%type <op> cmp_op
%type <str> table_name column_name field_name opt_title stage_label grade_name
%type <tier> tier
%type <band> band grade
%type <metric> metric
%type <persp> perspective
%type <row> weight_row
%type <entry> weight_entry
%type <trow> test_row
%type <tfield> test_field
%type <texpect> expectation
%type <decl> declaration scorecard_body test_body

%%

start:
    declarations
  | START_EXPR expr          { ps->expression = $2; }
  ;

declarations:
    %empty
  | declarations declaration { add_decl(ps, $2); }
  | declarations error
  ;

/* entity NAME from TABLE key COLUMN [label COLUMN] */
declaration:
    ENTITY IDENT FROM table_name KEY column_name {
      $$ = ast_decl(MEM, D_ENTITY, @$); $$->name = $2.text; $$->name_span = @2;
      $$->table = $4.text; $$->table_span = @4; $$->key = $6.text; $$->key_span = @6; }
  | ENTITY IDENT FROM table_name KEY column_name LABEL column_name {
      $$ = ast_decl(MEM, D_ENTITY, @$); $$->name = $2.text; $$->name_span = @2;
      $$->table = $4.text; $$->table_span = @4; $$->key = $6.text; $$->key_span = @6;
      $$->label = $8.text; $$->label_span = @8; }
/* relation NAME from TABLE on COLUMN */
  | RELATION IDENT FROM table_name ON column_name {
      $$ = ast_decl(MEM, D_RELATION, @$); $$->name = $2.text; $$->name_span = @2;
      $$->table = $4.text; $$->table_span = @4; $$->key = $6.text; $$->key_span = @6; }
  | LET IDENT '=' expr {
      $$ = ast_decl(MEM, D_LET, @$); $$->name = $2.text; $$->name_span = @2; $$->value = $4; }
  | OUTPUT IDENT '=' expr {
      $$ = ast_decl(MEM, D_OUTPUT, @$); $$->name = $2.text; $$->name_span = @2; $$->value = $4; }
/* tiering NAME ["title"] { tier ... } */
  | TIERING IDENT opt_title '{' tiers '}' {
      $$ = ast_decl(MEM, D_TIERING, @$); $$->name = $2.text; $$->name_span = @2;
      $$->title = $3.text; $$->tiers = $5; }
  | SCORECARD IDENT opt_title '{' scorecard_body '}' {
      $$ = $5; $$->span = @$; $$->name = $2.text; $$->name_span = @2; $$->title = $3.text; }
/* alert NAME severity LEVEL when COND message "TEXT" */
  | ALERT IDENT SEVERITY IDENT WHEN expr MESSAGE STRING {
      $$ = ast_decl(MEM, D_ALERT, @$); $$->name = $2.text; $$->name_span = @2;
      $$->severity = $4.text; $$->severity_span = @4; $$->value = $6;
      $$->message_span = @8; parse_message(ps, $$, &$8, @8); }
/* group by COLUMN: `group` and `by` are names, not keywords, so that
 * rule sets naming a column `group` keep working; any other two words here
 * are the syntax error they always were. */
  | IDENT { if (!is_word($1, "group")) { if (!YYRECOVERING()) not_a_declaration(ps, $1, @1); YYERROR; } }
    IDENT { if (!is_word($3, "by")) { if (!YYRECOVERING()) not_a_declaration(ps, $3, @3); YYERROR; } }
    column_name {
      $$ = ast_decl(MEM, D_GROUP, @$); $$->key = $5.text; $$->key_span = @5; }
  | TEST STRING '{' test_body '}' {
      $$ = $4; $$->span = @$; $$->name = $2.text; $$->name_span = @2; }
  ;

table_name: IDENT | STRING ;

/* A test row names columns, and a column may be called like a keyword
 * (deals.stage): any word is a column name before ':'. */
field_name:
    IDENT | STRING
  | keyword  { $$.text = word_at(ps, @1); $$.length = (int)strlen($$.text); $$.offsets = NULL; }
  ;

keyword:
    ENTITY | FROM | KEY | LABEL | RELATION | ON | LET | OUTPUT | TIERING | TIER | WHEN
  | OTHERWISE | SCORECARD | STAGE | PERSPECTIVE | METRIC | SCALE | BANDS | MISSING
  | WEIGHTS | GRADES | ALERT | SEVERITY | MESSAGE | TEST | EXPECT | FOR | AND | OR | NOT
  | IN | BETWEEN | IS | NULL_ | TRUE_ | FALSE_ | CASE | THEN | ELSE | END | WHERE
  | DISTINCT | PREVIOUS | AS_OF
  ;
column_name: IDENT | STRING ;
opt_title: %empty { $$.text = NULL; $$.length = 0; } | STRING ;

tiers:
    tier             { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | tiers tier       { $$ = $1; ptr_vec_push(MEM, &$$, $2); }
  ;

/* tier NAME ["title"] when COND | tier NAME ["title"] otherwise */
tier:
    TIER IDENT opt_title WHEN expr {
      $$ = arena_alloc(MEM, sizeof *$$); $$->name = $2.text; $$->name_span = @2;
      $$->title = $3.text; $$->when = $5; $$->span = @$; }
  | TIER IDENT opt_title OTHERWISE {
      $$ = arena_alloc(MEM, sizeof *$$); $$->name = $2.text; $$->name_span = @2;
      $$->title = $3.text; $$->span = @$; }
  ;

/* The parts of a scorecard may come in any order; check.c wants one stage. */
scorecard_body:
    %empty                      { $$ = ast_decl(MEM, D_SCORECARD, @$); }
  | scorecard_body STAGE expr   { $$ = $1; if ($$->stage) diag_error(ps->src, @2, "the scorecard already has a stage"); $$->stage = $3; }
  | scorecard_body perspective  { $$ = $1; ptr_vec_push(MEM, &$$->perspectives, $2); }
  | scorecard_body WEIGHTS '{' weight_rows '}' {
      $$ = $1; if ($$->weights.count) diag_error(ps->src, @2, "the scorecard already has weights");
      $$->weights = $4; $$->weights_span = @2; $$->weights_span.end = @5.end; }
  | scorecard_body GRADES '{' bands_list '}' {
      $$ = $1; if ($$->grades.count) diag_error(ps->src, @2, "the scorecard already has grades");
      $$->grades = $4; $$->grades_span = @2; $$->grades_span.end = @5.end; }
  ;

perspective:
    PERSPECTIVE IDENT '{' perspective_items '}' {
      $$ = arena_alloc(MEM, sizeof *$$); $$->name = $2.text; $$->name_span = @2;
      $$->metrics = $4; $$->span = @$; }
  ;

perspective_items:
    metric                    { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | perspective_items metric  { $$ = $1; ptr_vec_push(MEM, &$$, $2); }
  ;

/* metric NAME = EXPR (scale LO .. HI | bands { ... }) [missing N] */
metric:
    METRIC IDENT '=' expr SCALE signed_number DOTDOT signed_number {
      $$ = arena_alloc(MEM, sizeof *$$); $$->name = $2.text; $$->name_span = @2; $$->value = $4;
      $$->has_scale = true; $$->lo = $6; $$->hi = $8; $$->span = @$; $$->lo_span = @6; $$->hi_span = @8; }
  | METRIC IDENT '=' expr BANDS '{' bands_list '}' {
      $$ = arena_alloc(MEM, sizeof *$$); $$->name = $2.text; $$->name_span = @2; $$->value = $4;
      $$->bands = $7; $$->span = @$; }
  | metric MISSING signed_number {
      $$ = $1; if ($$->has_missing) diag_error(ps->src, @2, "the metric already has a missing score");
      $$->has_missing = true; $$->missing = $3; $$->missing_span = @3; $$->span.end = @3.end; }
  ;

bands_list:
    band                   { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | grade                  { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | bands_list ',' band    { $$ = $1; ptr_vec_push(MEM, &$$, $3); }
  | bands_list ',' grade   { $$ = $1; ptr_vec_push(MEM, &$$, $3); }
  ;

/* OP N: SCORE | else: SCORE */
band:
    cmp_op signed_number ':' signed_number {
      $$ = arena_alloc(MEM, sizeof *$$); $$->op = $1; $$->threshold = $2; $$->score = $4; $$->span = @$;
      $$->threshold_span = @2; $$->score_span = @4; }
  | ELSE ':' signed_number {
      $$ = arena_alloc(MEM, sizeof *$$); $$->op = -1; $$->score = $3; $$->span = @$; $$->score_span = @3; }
  ;

/* OP N: GRADE | else: GRADE (grades name their bands) */
grade:
    cmp_op signed_number ':' grade_name {
      $$ = arena_alloc(MEM, sizeof *$$); $$->op = $1; $$->threshold = $2; $$->grade = $4.text; $$->span = @$;
      $$->threshold_span = @2; }
  | ELSE ':' grade_name {
      $$ = arena_alloc(MEM, sizeof *$$); $$->op = -1; $$->grade = $3.text; $$->span = @$; }
  ;

grade_name: IDENT | STRING ;

signed_number:
    INT           { $$ = (double)$1; }
  | REAL          { $$ = $1; }
  | '-' INT       { $$ = -(double)$2; }
  | '-' REAL      { $$ = -$2; }
  ;

weight_rows:
    weight_row               { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | weight_rows weight_row   { $$ = $1; ptr_vec_push(MEM, &$$, $2); }
  ;

/* STAGE: metric N, metric N, ... */
weight_row:
    stage_label ':' weight_entries {
      $$ = arena_alloc(MEM, sizeof *$$); $$->stage = $1.text; $$->stage_span = @1;
      $$->entries = $3; $$->span = @$; }
  ;

stage_label: IDENT | STRING ;

weight_entries:
    weight_entry                     { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | weight_entries ',' weight_entry  { $$ = $1; ptr_vec_push(MEM, &$$, $3); }
  ;

weight_entry:
    IDENT signed_number {
      $$ = arena_alloc(MEM, sizeof *$$); $$->metric = $1.text; $$->weight = $2; $$->span = @$; $$->weight_span = @2; }
  ;

/* test "NAME" { as_of DATE  TABLE { col: value, ... }  expect ... } */
test_body:
    %empty                      { $$ = ast_decl(MEM, D_TEST, @$); }
  | test_body AS_OF DATE        { $$ = $1; $$->as_of = literal(ps, E_DATE, @3); $$->as_of->ival = $3; }
  | test_body test_row          { $$ = $1; ptr_vec_push(MEM, &$$->rows, $2); }
  | test_body expectation       { $$ = $1; ptr_vec_push(MEM, &$$->expects, $2); }
  | test_body PREVIOUS DATE '{' test_fields '}' {
      test_row *r = arena_alloc(MEM, sizeof *r);
      r->on = $3; r->fields = $5; r->span = @2; r->span.end = @6.end;
      $$ = $1; ptr_vec_push(MEM, &$$->previous_rows, r); }
  ;

test_row:
    IDENT '{' test_fields '}' {
      $$ = arena_alloc(MEM, sizeof *$$); $$->table = $1.text; $$->span = @$; $$->fields = $3; }
  | IDENT '{' '}' {
      $$ = arena_alloc(MEM, sizeof *$$); $$->table = $1.text; $$->span = @$; }
  ;

test_fields:
    test_field                  { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | test_fields ',' test_field  { $$ = $1; ptr_vec_push(MEM, &$$, $3); }
  ;

test_field:
    field_name ':' expr {
      $$ = arena_alloc(MEM, sizeof *$$); $$->column = $1.text; $$->span = @1; $$->value = $3; }
  ;

expectation:
    EXPECT expr              { $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_TRUE; $$->value = $2; $$->span = @$; }
  | EXPECT ALERT IDENT       { $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_ALERT; $$->alert = $3.text; $$->alert_span = @3; $$->span = @$; }
  | EXPECT NOT ALERT IDENT   { $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_NOT_ALERT; $$->alert = $4.text; $$->alert_span = @4; $$->span = @$; }
  | EXPECT FOR for_key expr  { $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_TRUE; $$->for_key = $3; $$->value = $4; $$->span = @$; }
  | EXPECT FOR for_key ALERT IDENT {
      $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_ALERT; $$->for_key = $3;
      $$->alert = $5.text; $$->alert_span = @5; $$->span = @$; }
  | EXPECT FOR for_key NOT ALERT IDENT {
      $$ = arena_alloc(MEM, sizeof *$$); $$->kind = EXPECT_NOT_ALERT; $$->for_key = $3;
      $$->alert = $6.text; $$->alert_span = @6; $$->span = @$; }
  ;

for_key:
    literal_number
  | '-' literal_number  { $$ = ast_unary(MEM, E_NEG, $2, @$); }
  | STRING              { $$ = literal(ps, E_TEXT, @1); $$->text = $1.text; $$->text_len = $1.length; }
  ;

/* Expressions, loosest first: or, and, not, comparison, + -, * /, unary. */
expr: or_expr ;

or_expr:
    and_expr
  | or_expr OR and_expr      { $$ = ast_binary(MEM, OP_OR, $1, $3, @$); }
  ;

and_expr:
    not_expr
  | and_expr AND not_expr    { $$ = ast_binary(MEM, OP_AND, $1, $3, @$); }
  ;

not_expr:
    cmp_expr
  | NOT not_expr             { $$ = ast_unary(MEM, E_NOT, $2, @$); }
  ;

/* Comparisons do not chain: `a < b < c` is a syntax error. */
cmp_expr:
    arith
  | arith cmp_op arith                        { $$ = ast_binary(MEM, $2, $1, $3, @$); }
  | arith IN '(' expr_list ')'                { $$ = ast_unary(MEM, E_IN, $1, @$); $$->list = $4; ast_deepen($$); }
  | arith NOT IN '(' expr_list ')'            { $$ = ast_unary(MEM, E_IN, $1, @$); $$->list = $5; $$->negated = true; ast_deepen($$); }
  | arith BETWEEN arith AND arith             { $$ = ast_unary(MEM, E_BETWEEN, $1, @$); $$->b = $3; $$->c = $5; ast_deepen($$); }
  | arith NOT BETWEEN arith AND arith         { $$ = ast_unary(MEM, E_BETWEEN, $1, @$); $$->b = $4; $$->c = $6; $$->negated = true; ast_deepen($$); }
  | arith IS NULL_                            { $$ = ast_unary(MEM, E_IS_NULL, $1, @$); }
  | arith IS NOT NULL_                        { $$ = ast_unary(MEM, E_IS_NULL, $1, @$); $$->negated = true; }
  ;

cmp_op:
    '='  { $$ = OP_EQ; } | NE { $$ = OP_NE; } | '<' { $$ = OP_LT; }
  | LE   { $$ = OP_LE; } | '>' { $$ = OP_GT; } | GE { $$ = OP_GE; }
  ;

arith:
    term
  | arith '+' term           { $$ = ast_binary(MEM, OP_ADD, $1, $3, @$); }
  | arith '-' term           { $$ = ast_binary(MEM, OP_SUB, $1, $3, @$); }
  ;

term:
    unary
  | term '*' unary           { $$ = ast_binary(MEM, OP_MUL, $1, $3, @$); }
  | term '/' unary           { $$ = ast_binary(MEM, OP_DIV, $1, $3, @$); }
  ;

unary:
    primary
  | '-' unary                { $$ = ast_unary(MEM, E_NEG, $2, @$); }
  ;

literal_number:
    INT                      { $$ = literal(ps, E_INT, @1); $$->ival = $1; }
  | REAL                     { $$ = literal(ps, E_REAL, @1); $$->dval = $1; }
  ;

primary:
    literal_number
  | STRING                   { $$ = literal(ps, E_TEXT, @1); $$->text = $1.text; $$->text_len = $1.length; }
  | DATE                     { $$ = literal(ps, E_DATE, @1); $$->ival = $1; }
  | DURATION                 { $$ = $1; }
  | TRUE_                    { $$ = literal(ps, E_BOOL, @1); $$->ival = 1; }
  | FALSE_                   { $$ = literal(ps, E_BOOL, @1); $$->ival = 0; }
  | NULL_                    { $$ = literal(ps, E_NULL, @1); }
  | AS_OF                    { $$ = literal(ps, E_AS_OF, @1); }
  | IDENT                    { $$ = name_node(ps, $1, @1); }
  | IDENT '.' IDENT          { $$ = name_node(ps, $1, @$); $$->kind = E_FIELD;
                               $$->field = $3.text; $$->field_span = @3; }
  | IDENT '(' ')'            { $$ = name_node(ps, $1, @$); $$->kind = E_CALL; }
  | IDENT '(' expr_list opt_where ')' {
      $$ = name_node(ps, $1, @$); $$->kind = E_CALL; $$->list = $3; $$->b = $4; ast_deepen($$); }
  | IDENT '(' WHERE expr ')' {   /* group_count(where C) */
      $$ = name_node(ps, $1, @$); $$->kind = E_CALL; $$->b = $4; ast_deepen($$); }
  | IDENT '(' DISTINCT expr opt_where ')' {
      $$ = name_node(ps, $1, @$); $$->kind = E_CALL; $$->distinct = true;
      ptr_vec_push(MEM, &$$->list, $4); $$->b = $5; ast_deepen($$); }
  | PREVIOUS '(' expr ')'    { $$ = ast_unary(MEM, E_PREVIOUS, $3, @$); }
  | PREVIOUS '(' expr ',' expr ')' { $$ = ast_unary(MEM, E_PREVIOUS, $3, @$); $$->b = $5; ast_deepen($$); }
  | CASE when_list case_else END {
      $$ = literal(ps, E_CASE, @$); $$->list = $2; $$->a = $3; ast_deepen($$); }
  | '(' expr ')'             { $$ = $2; }
  ;

opt_where:
    %empty                   { $$ = NULL; }
  | WHERE expr               { $$ = $2; }
  ;

when_list:
    when_clause              { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | when_list when_clause    { $$ = $1; ptr_vec_push(MEM, &$$, $2); }
  ;

when_clause:
    WHEN expr THEN expr      { $$ = ast_binary(MEM, 0, $2, $4, @$); $$->kind = E_WHEN; }
  ;

case_else:
    %empty                   { $$ = NULL; }
  | ELSE expr                { $$ = $2; }
  ;

expr_list:
    expr                     { memset(&$$, 0, sizeof $$); ptr_vec_push(MEM, &$$, $1); }
  | expr_list ',' expr       { $$ = $1; ptr_vec_push(MEM, &$$, $3); }
  ;

%%

/* Only "memory exhausted" comes here (syntax errors go through
 * yyreport_syntax_error): a stack that deep is an expression nested too deeply. */
static void kam_yyerror(kam_span *loc, void *scanner, kam_parser *ps, const char *msg) {
  (void)scanner;
  ps->errors++;
  if (strcmp(msg, "memory exhausted") == 0)
    diag_error(ps->src, *loc, "expression nested too deeply");
  else
    diag_error(ps->src, *loc, "%s", msg);
}

static bool is_keyword(yysymbol_kind_t token) {
  return token >= YYSYMBOL_ENTITY && token <= YYSYMBOL_AS_OF;
}

static bool expects(const yysymbol_kind_t *expected, int count, yysymbol_kind_t token) {
  for (int i = 0; i < count; i++)
    if (expected[i] == token) return true;
  return false;
}

/* A keyword that opens a declaration or one of its parts, first on its
 * line, most likely follows an unfinished line (`let a = 1 +`): no hint. */
static bool opens_a_line(const kam_parser *ps, yysymbol_kind_t token, kam_span at) {
  static const yysymbol_kind_t openers[] = {
    YYSYMBOL_ENTITY, YYSYMBOL_RELATION, YYSYMBOL_LET, YYSYMBOL_OUTPUT, YYSYMBOL_TIERING,
    YYSYMBOL_TIER, YYSYMBOL_SCORECARD, YYSYMBOL_STAGE, YYSYMBOL_PERSPECTIVE, YYSYMBOL_METRIC,
    YYSYMBOL_WEIGHTS, YYSYMBOL_GRADES, YYSYMBOL_ALERT, YYSYMBOL_TEST, YYSYMBOL_EXPECT,
  };
  if (!expects(openers, (int)(sizeof openers / sizeof openers[0]), token)) return false;
  const char *text = ps->src->files[at.file]->text;
  int i = at.start;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) i--;
  return i == 0 || text[i - 1] == '\n';
}

/* The entity's name when this file has declared it already, for the hint. */
static const char *entity_name(const kam_parser *ps) {
  if (!ps->out) return NULL;
  for (int i = 0; i < ps->out->decls.count; i++) {
    const decl *d = ps->out->decls.items[i];
    if (d->kind == D_ENTITY) return d->name;
  }
  return NULL;
}

/* What to write instead of keyword WORD where a name was expected: a
 * declaration's name must be another word; a table or column name in a
 * declaration may be a string; in an expression, an entity column called
 * like a keyword is written qualified (§1: after a dot any word is a name). */
static void keyword_hint(const kam_parser *ps, const char *word,
                         const yysymbol_kind_t *expected, int count, strbuf *out) {
  if (count == 1)
    sb_printf(out, "; '%s' is a keyword and cannot name a declaration: choose another name", word);
  else if (count == 2 && expects(expected, count, YYSYMBOL_STRING))
    sb_printf(out, "; '%s' is a keyword: write the name as a string, \"%s\"", word, word);
  else if (expects(expected, count, YYSYMBOL_INT)) {
    const char *entity = entity_name(ps);
    sb_printf(out, "; '%s' is a keyword: write an entity column of that name qualified, as %s.%s",
              word, entity ? entity : "account", word);
    if (!entity) sb_puts(out, " (with your entity's name)");
  } else
    sb_printf(out, "; '%s' is a keyword and cannot be used as a name here", word);
}

/* Bison's detailed wording ("syntax error, unexpected X, expecting A or B",
 * the expected tokens listed when there are at most four), then the hint. */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, kam_parser *ps) {
  (void)scanner;
  yysymbol_kind_t expected[YYNTOKENS];
  yysymbol_kind_t token = yypcontext_token(ctx);
  int count = token == YYSYMBOL_YYEMPTY ? 0 : yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
  if (count < 0) count = 0;
  strbuf msg;
  sb_init(&msg);
  sb_puts(&msg, "syntax error");
  if (token != YYSYMBOL_YYEMPTY) {
    sb_printf(&msg, ", unexpected %s", yysymbol_name(token));
    for (int i = 0; count <= 4 && i < count; i++)
      sb_printf(&msg, "%s%s", i ? " or " : ", expecting ", yysymbol_name(expected[i]));
    kam_span at = *yypcontext_location(ctx);
    if (is_keyword(token) && expects(expected, count, YYSYMBOL_IDENT) &&
        !(count > 2 && opens_a_line(ps, token, at)))
      keyword_hint(ps, yysymbol_name(token), expected, count, &msg);
  }
  ps->errors++;
  diag_error(ps->src, *yypcontext_location(ctx), "%s", msg.data);
  sb_free(&msg);
  return 0;
}
static expr *literal(kam_parser *ps, expr_kind kind, kam_span at) {
  return ast_expr(ps->mem, kind, at);
}

static expr *name_node(kam_parser *ps, string_token name, kam_span at) {
  expr *e = ast_expr(ps->mem, E_NAME, at);
  e->text = name.text;
  e->text_len = name.length;
  return e;
}

static bool is_word(string_token t, const char *word) { return strcmp(t.text, word) == 0; }

/* Where a declaration starts, a name other than `group` (or `group`
 * followed by anything but `by`) is the syntax error it always was; while
 * the parser recovers from an earlier error it is skipped silently. */
static void not_a_declaration(kam_parser *ps, string_token word, kam_span at) {
  diag_error(ps->src, at, "syntax error, unexpected name '%s': a declaration starts with a keyword "
             "(entity, relation, let, output, tiering, scorecard, alert, test) or 'group by'", word.text);
  ps->errors++;
}

/* A declaration nested deeper than AST_MAX_DEPTH is reported and dropped. */
static void add_decl(kam_parser *ps, decl *d) {
  if (ast_decl_depth(d) > AST_MAX_DEPTH) {
    diag_error(ps->src, d->name_span.end > d->name_span.start ? d->name_span : d->span,
               "this declaration nests expressions more than %d levels deep", AST_MAX_DEPTH);
    ps->errors++;
    return;
  }
  if (ps->out) ptr_vec_push(ps->mem, &ps->out->decls, d);
}

static char *word_at(kam_parser *ps, kam_span at) {
  return arena_strndup(ps->mem, ps->text + (at.start), (size_t)(at.end - at.start));
}
