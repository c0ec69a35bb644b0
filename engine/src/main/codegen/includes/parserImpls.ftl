<#--
  Time travel after a table reference. The build patches Calcite's Parser.jj so that the
  place where it parses FOR SYSTEM_TIME AS OF calls TimeTravel instead.
  Every form becomes a SqlSnapshot; VERSION forms wrap their operand in VERSION_AS_OF and
  TIMESTAMP forms in TIMESTAMP_AS_OF so the planner can tell them apart.
-->
SqlNode TimeTravel(SqlNode tableRef) :
{
    final Span s;
    final SqlNode e;
}
{
    { s = span(); }
    (
        LOOKAHEAD(2) <FOR> <SYSTEM_TIME> <AS> <OF> e = Expression(ExprContext.ACCEPT_NON_QUERY)
        { return new SqlSnapshot(s.end(this), tableRef, e); }
    |
        LOOKAHEAD(2) <FOR> <SYSTEM_VERSION> <AS> <OF> e = TimeTravelVersion()
        { return new SqlSnapshot(s.end(this), tableRef, TimeTravelOperators.VERSION_AS_OF.createCall(s.end(this), e)); }
    |
        LOOKAHEAD(2) <FOR> <VERSION> <AS> <OF> e = TimeTravelVersion()
        { return new SqlSnapshot(s.end(this), tableRef, TimeTravelOperators.VERSION_AS_OF.createCall(s.end(this), e)); }
    |
        <FOR> <TIMESTAMP> <AS> <OF> e = Expression(ExprContext.ACCEPT_NON_QUERY)
        { return new SqlSnapshot(s.end(this), tableRef, TimeTravelOperators.TIMESTAMP_AS_OF.createCall(s.end(this), e)); }
    |
        <VERSION> <AS> <OF> e = TimeTravelVersion()
        { return new SqlSnapshot(s.end(this), tableRef, TimeTravelOperators.VERSION_AS_OF.createCall(s.end(this), e)); }
    |
        <TIMESTAMP> <AS> <OF> e = Expression(ExprContext.ACCEPT_NON_QUERY)
        { return new SqlSnapshot(s.end(this), tableRef, TimeTravelOperators.TIMESTAMP_AS_OF.createCall(s.end(this), e)); }
    )
}

SqlNode TimeTravelVersion() :
{
    final SqlNode e;
}
{
    (
        e = UnsignedNumericLiteral()
    |
        e = StringLiteral()
    |
        e = DynamicParam()
    )
    { return e; }
}
