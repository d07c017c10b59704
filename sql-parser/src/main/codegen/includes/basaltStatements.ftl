<#--
  Basalt's statements on top of Calcite's grammar (see config.fmpp):
    COPY (query) TO 'path' [ ( option [value] [, ...] ) ]
    CREATE [OR REPLACE] TABLE name AS query
  The query is also captured as text (its tokens joined by single spaces; comments dropped), so
  that the planner can prepare it like a statement of its own.
-->

/** The text of the tokens after {@code from} up to and including {@code to}. */
JAVACODE String basaltTokenText(Token from, Token to) {
    final StringBuilder sb = new StringBuilder();
    for (Token t = from.next; t != null; t = t.next) {
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(t.image);
        if (t == to) {
            break;
        }
    }
    return sb.toString();
}

SqlNode SqlCopyTo() :
{
    final Span s;
    final SqlNode query;
    final List<SqlCopyOption> copyOptions = new ArrayList<SqlCopyOption>();
    final Token open;
    final String text;
    final SqlNode target;
}
{
    <COPY> { s = span(); }
    <LPAREN> { open = getToken(0); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    { text = basaltTokenText(open, getToken(0)); }
    <RPAREN>
    <TO>
    target = StringLiteral()
    [
        <LPAREN>
        SqlCopyOptionItem(copyOptions)
        ( <COMMA> SqlCopyOptionItem(copyOptions) )*
        <RPAREN>
    ]
    {
        return new SqlCopyTo(s.end(this), query, text, target, copyOptions);
    }
}

void SqlCopyOptionItem(List<SqlCopyOption> copyOptions) :
{
    final SqlIdentifier name;
    SqlNode value = null;
}
{
    name = SimpleIdentifier()
    [
        value = NumericLiteral()
    |
        value = StringLiteral()
    |
        <TRUE> { value = SqlLiteral.createBoolean(true, getPos()); }
    |
        <FALSE> { value = SqlLiteral.createBoolean(false, getPos()); }
    |
        value = SimpleIdentifier()
    |
        value = ParenthesizedSimpleIdentifierList()
    ]
    {
        copyOptions.add(new SqlCopyOption(name.getSimple(), value));
    }
}

SqlCreate SqlCreateTableAs(Span s, boolean replace) :
{
    final SqlIdentifier name;
    final Token as;
    final SqlNode query;
}
{
    <TABLE> name = CompoundIdentifier()
    <AS> { as = getToken(0); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateTableAs(s.end(this), replace, name, query,
            basaltTokenText(as, getToken(0)));
    }
}
