with

inventory_items as (

    select * from {{ ref('fct_inventory_items') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

aggregated as (

    select
        inventory_items.department,
        inventory_items.category,
        count(*) filter (
            where inventory_items.is_sold and {{ utc_date('inventory_items.sold_at') }} <= as_of.as_of_date
        ) as sold_units,
        avg(inventory_items.days_to_sell) filter (
            where {{ utc_date('inventory_items.sold_at') }} <= as_of.as_of_date
        ) as avg_days_to_sell,
        percentile_cont(0.5) within group (
            order by inventory_items.days_to_sell) filter (
            where {{ utc_date('inventory_items.sold_at') }} <= as_of.as_of_date
        ) as median_days_to_sell,
        count(inventory_items.unsold_age_days) as unsold_units,
        avg(inventory_items.unsold_age_days) as avg_unsold_age_days,
        count(*) filter (where inventory_items.unsold_age_days > 90) as unsold_units_over_90_days,
        sum(inventory_items.cost) filter (where inventory_items.unsold_age_days is not null) as unsold_stock_cost

    from inventory_items
    cross join as_of
    group by 1, 2

),

final as (

    select
        department,
        category,
        sold_units,
        round(avg_days_to_sell, 2) as avg_days_to_sell,
        round(cast(median_days_to_sell as numeric), 2) as median_days_to_sell,
        unsold_units,
        round(avg_unsold_age_days, 1) as avg_unsold_age_days,
        unsold_units_over_90_days,
        {{ money('coalesce(unsold_stock_cost, 0)') }} as unsold_stock_cost,
        {{ safe_rate('sold_units', 'sold_units + unsold_units') }} as sell_through_rate

    from aggregated

)

select * from final
