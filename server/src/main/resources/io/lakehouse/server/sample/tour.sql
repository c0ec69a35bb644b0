-- A tour of the sample warehouse (see SampleWarehouse for what each table holds).

-- Delta: orders at their latest version
SELECT status, COUNT(*) AS orders, SUM(amount) AS revenue
FROM orders GROUP BY status ORDER BY status;

-- Delta time travel: version 0 created the table, 1 appended February, 2 deleted the cancelled orders
SELECT 0 AS version, COUNT(*) AS orders FROM orders FOR VERSION AS OF 0
UNION ALL SELECT 1, COUNT(*) FROM orders FOR VERSION AS OF 1
UNION ALL SELECT 2, COUNT(*) FROM orders FOR VERSION AS OF 2;

-- Delta partitions: one directory per view_date
SELECT view_date, COUNT(*) AS views, COUNT(DISTINCT user_id) AS visitors
FROM page_views WHERE view_date >= DATE '2024-03-29' GROUP BY view_date ORDER BY view_date;

-- Iceberg: the tag first, the main branch after two deletes, and the branch audit with refunds
SELECT 'first' AS tag_or_branch, COUNT(*) AS payments, SUM(amount) AS total FROM payments FOR VERSION AS OF 'first'
UNION ALL SELECT 'main', COUNT(*), SUM(amount) FROM payments
UNION ALL SELECT 'audit', COUNT(*), SUM(amount) FROM payments FOR VERSION AS OF 'audit';

-- Iceberg deletes: no voucher payments are left on main
SELECT payment_method, COUNT(*) AS payments FROM payments GROUP BY payment_method ORDER BY payment_method;

-- Iceberg hidden partitioning by day(ts)
SELECT CAST(ts AS DATE) AS reading_date, COUNT(*) AS readings, MIN(temperature) AS coldest, MAX(temperature) AS warmest
FROM sensor_readings GROUP BY CAST(ts AS DATE) ORDER BY reading_date;
