with

customers as (

    select * from {{ ref('dim_customers') }}
    where is_buyer

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

measured as (

    select
        customers.customer_id,
        as_of.as_of_date,
        as_of.as_of_date - {{ utc_date('customers.last_order_at') }} as recency_days,
        customers.lifetime_gmv_orders as frequency,
        customers.lifetime_value as monetary

    from customers
    cross join as_of

),

scored as (

    select
        *,
        -- fewer days since the last order is better, so the longest gaps rank first and score lowest
        {{ quintile_score('recency_days', 'desc') }} as recency_score,
        {{ quintile_score('frequency') }} as frequency_score,
        {{ quintile_score('monetary') }} as monetary_score

    from measured

),

final as (

    select
        customer_id,
        as_of_date,
        recency_days,
        frequency,
        monetary,
        recency_score,
        frequency_score,
        monetary_score,
        concat(recency_score, frequency_score, monetary_score) as rfm_code,
        {{ rfm_segment('recency_score', 'frequency_score') }} as rfm_segment

    from scored

)

select * from final
