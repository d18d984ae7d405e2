-- The daily KPI report adds up to fct_orders (orders, cancellations, items sold, GMV) up to the as-of date,
-- and to fct_sessions for sessions; money is compared within the rounding of each day (half a cent a day).
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

orders as (

    select
        count(*) as orders,
        count(*) filter (where fct_orders.is_cancelled) as cancelled_orders,
        coalesce(sum(fct_orders.order_item_count) filter (where fct_orders.counts_in_gmv), 0) as items_sold,
        coalesce(sum(fct_orders.gmv), 0) as gmv
    from {{ ref('fct_orders') }} as fct_orders
    cross join as_of
    where fct_orders.order_date <= as_of.as_of_date

),

sessions as (

    select count(*) as sessions
    from {{ ref('fct_sessions') }} as fct_sessions
    cross join as_of
    where fct_sessions.session_date <= as_of.as_of_date

),

kpis as (

    select
        count(*) as kpi_days,
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(cancelled_orders), 0) as cancelled_orders,
        coalesce(sum(items_sold), 0) as items_sold,
        coalesce(sum(gmv), 0) as gmv,
        coalesce(sum(sessions), 0) as sessions
    from {{ ref('rpt_kpis_daily') }}

)

select
    kpis.*,
    orders.orders as fct_orders,
    orders.gmv as fct_gmv,
    sessions.sessions as fct_sessions
from kpis
cross join orders
cross join sessions
where
    kpis.orders != orders.orders
    or kpis.cancelled_orders != orders.cancelled_orders
    or kpis.items_sold != orders.items_sold
    or abs(kpis.gmv - cast(orders.gmv as numeric)) > 0.005 * kpis.kpi_days + 0.01
    or kpis.sessions != sessions.sessions
