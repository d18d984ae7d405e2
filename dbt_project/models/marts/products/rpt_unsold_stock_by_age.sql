with

inventory_items as (

    select * from {{ ref('fct_inventory_items') }}
    where unsold_age_days is not null

),

distribution_centers as (

    select * from {{ ref('dim_distribution_centers') }}

),

bucketed as (

    select
        distribution_center_id,
        case
            when unsold_age_days <= 30 then 1
            when unsold_age_days <= 90 then 2
            when unsold_age_days <= 180 then 3
            when unsold_age_days <= 365 then 4
            else 5
        end as age_bucket_order,
        case
            when unsold_age_days <= 30 then '0-30 days'
            when unsold_age_days <= 90 then '31-90 days'
            when unsold_age_days <= 180 then '91-180 days'
            when unsold_age_days <= 365 then '181-365 days'
            else 'over 365 days'
        end as age_bucket,
        cost

    from inventory_items

),

final as (

    select
        bucketed.distribution_center_id,
        distribution_centers.distribution_center_name,
        bucketed.age_bucket_order,
        bucketed.age_bucket,
        count(*) as unsold_units,
        {{ money('sum(bucketed.cost)') }} as unsold_stock_cost

    from bucketed
    left join distribution_centers
        on bucketed.distribution_center_id = distribution_centers.distribution_center_id
    group by 1, 2, 3, 4

)

select * from final
