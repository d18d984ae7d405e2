with

scores as (

    select * from {{ ref('rpt_customer_rfm_scores') }}

),

final as (

    select
        rfm_segment,
        count(*) as customers,
        {{ safe_rate('count(*)', 'sum(count(*)) over ()') }} as share_of_customers,
        round(avg(recency_days), 1) as avg_recency_days,
        round(avg(frequency), 2) as avg_frequency,
        {{ money('avg(monetary)') }} as avg_lifetime_value,
        {{ money('sum(monetary)') }} as total_lifetime_value

    from scores
    group by rfm_segment

)

select * from final
