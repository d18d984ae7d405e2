-- Per day, the category rollup adds up to the daily KPI report: items sold and GMV (within rounding).
with

categories as (

    select
        date_day,
        sum(items_sold) as items_sold,
        sum(gmv) as gmv,
        count(*) as category_rows
    from {{ ref('rpt_category_sales_daily') }}
    group by date_day

),

kpis as (

    select
        date_day,
        items_sold,
        gmv
    from {{ ref('rpt_kpis_daily') }}
    where items_sold > 0

)

select
    coalesce(kpis.date_day, categories.date_day) as date_day,
    kpis.items_sold as kpi_items_sold,
    categories.items_sold as category_items_sold,
    kpis.gmv as kpi_gmv,
    categories.gmv as category_gmv
from kpis
full outer join categories on kpis.date_day = categories.date_day
where
    coalesce(kpis.items_sold, 0) != coalesce(categories.items_sold, 0)
    or abs(coalesce(kpis.gmv, 0) - coalesce(categories.gmv, 0)) > 0.005 * coalesce(categories.category_rows, 1) + 0.005
