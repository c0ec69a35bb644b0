package io.lakehouse.engine.sql.parser;

import io.lakehouse.engine.sql.TimeTravelRewriter;
import java.io.Reader;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.util.SourceStringReader;

/**
 * The parser connections use: the generated {@link LakehouseSqlParserImpl}, whose statements then
 * pass through {@link TimeTravelRewriter} so that time travel to a constant version or time reads
 * that snapshot's own schema.
 */
public final class LakehouseSqlParser extends LakehouseSqlParserImpl {

  /** For Calcite's {@code parserFactory} connection property. */
  public static final SqlParserImplFactory FACTORY =
      new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader reader) {
          LakehouseSqlParser parser = new LakehouseSqlParser(reader);
          if (reader instanceof SourceStringReader source) {
            // As the generated factory does: positions in errors refer to the original text.
            String sql = source.getSourceString();
            parser.setOriginalSql(sql);
            parser.jj_input_stream.ReInit(reader, 1, 1, sql.length());
          }
          return parser;
        }
      };

  private LakehouseSqlParser(Reader reader) {
    super(reader);
  }

  @Override
  public SqlNode parseSqlStmtEof() throws Exception {
    return TimeTravelRewriter.rewrite(super.parseSqlStmtEof());
  }

  @Override
  public SqlNodeList parseSqlStmtList() throws Exception {
    SqlNodeList statements = super.parseSqlStmtList();
    for (int i = 0; i < statements.size(); i++) {
      statements.set(i, TimeTravelRewriter.rewrite(statements.get(i)));
    }
    return statements;
  }
}
