-- Orders and revenue by product and day (order creation date), from each order's latest state;
-- cancelled orders (CANCELLED, and paid ones: REFUND_DUE, REFUNDED) count as orders but not as
-- revenue. Amounts are in major units per currency.
WITH latest AS (
  SELECT
    orderId,
    sku,
    currency,
    totalMinor,
    status,
    createdAt,
    row_number() OVER (PARTITION BY orderId ORDER BY from_iso8601_timestamp(eventTimestamp) DESC) AS rn
  FROM orders
)
SELECT
  CAST(from_iso8601_timestamp(createdAt) AS date) AS day_utc,
  sku,
  currency,
  count(*) AS orders,
  sum(CASE WHEN status IN ('CANCELLED', 'REFUND_DUE', 'REFUNDED') THEN 1 ELSE 0 END) AS cancelled,
  CAST(sum(CASE WHEN status IN ('CANCELLED', 'REFUND_DUE', 'REFUNDED') THEN 0 ELSE totalMinor END) AS double)
    / 100 AS revenue
FROM latest
WHERE rn = 1
GROUP BY 1, 2, 3
ORDER BY day_utc, sku, currency
