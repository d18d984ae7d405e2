{#- Shared metric helpers, so every mart computes a rate, an amount or a date the same way. -#}

{#- The UTC calendar day of a timestamptz: days never depend on the session's time zone. -#}
{% macro utc_date(column) -%}
    cast(({{ column }} at time zone 'UTC') as date)
{%- endmacro %}

{#- The first day of the UTC calendar month of a timestamptz or date. -#}
{% macro utc_month(column) -%}
    cast(date_trunc('month', ({{ column }} at time zone 'UTC')) as date)
{%- endmacro %}

{#- numerator / denominator as an exact numeric rounded to 4 places; NULL when the denominator is 0. -#}
{% macro safe_rate(numerator, denominator) -%}
    round(cast({{ numerator }} as numeric) / nullif(cast({{ denominator }} as numeric), 0), 4)
{%- endmacro %}

{#- A money amount as numeric with 2 decimals. -#}
{% macro money(expression) -%}
    round(cast({{ expression }} as numeric), 2)
{%- endmacro %}

{#- Elapsed time between two timestamps in days, as numeric with 4 decimals. -#}
{% macro days_between(start_column, end_column) -%}
    round(cast(extract(epoch from ({{ end_column }} - {{ start_column }})) / 86400.0 as numeric), 4)
{%- endmacro %}

{#- Whole calendar months from one month start to another (cohort offsets): Jan 31 -> Feb 1 is 1. -#}
{% macro months_between(start_month, end_month) -%}
    (
        (extract(year from {{ end_month }}) - extract(year from {{ start_month }})) * 12
        + extract(month from {{ end_month }}) - extract(month from {{ start_month }})
    )::int
{%- endmacro %}

{#- The statuses that count in GMV, AOV and items sold: every placed order except a cancelled one. -#}
{% macro gmv_statuses() -%}
    ('Processing', 'Shipped', 'Complete', 'Returned')
{%- endmacro %}

{#- The statuses of net sales (LTV, margin): GMV statuses less returned orders, whose money went back. -#}
{% macro net_sales_statuses() -%}
    ('Processing', 'Shipped', 'Complete')
{%- endmacro %}

{#- A 1-5 score from the rank of `value` among `partition` rows: 1 + floor(5 x share of rows strictly worse).
    Ties share the lowest score of their group; integer arithmetic, so boundaries are exact. -#}
{% macro quintile_score(value, order='asc') -%}
    (1 + (5 * (rank() over (order by {{ value }} {{ order }}) - 1)) / count(*) over ())::int
{%- endmacro %}

{#- The named RFM segment from the recency and frequency scores (1-5); every score pair maps to one name. -#}
{% macro rfm_segment(recency_score, frequency_score) -%}
    case
        when {{ recency_score }} >= 4 and {{ frequency_score }} >= 4 then 'Champions'
        when {{ recency_score }} >= 3 and {{ frequency_score }} >= 3 then 'Loyal Customers'
        when {{ recency_score }} = 5 then 'New Customers'
        when {{ recency_score }} = 4 then 'Potential Loyalists'
        when {{ recency_score }} = 3 then 'Needs Attention'
        when {{ frequency_score }} >= 4 then 'Cannot Lose Them'
        when {{ frequency_score }} = 3 then 'At Risk'
        else 'Hibernating'
    end
{%- endmacro %}

{#- The filter of an incremental model: rows created inside the lookback window of the newest row already built,
    or loaded after the last load it has seen. Both bounds are read from the built table once, as literals, so the
    planner can use an index on the timestamp column (an incremental model's table is not changed before its
    statement runs). -#}
{% macro incremental_window(
    timestamp_column,
    this_timestamp_column,
    lookback_var='lookback_days',
    extra_days=0,
    loaded_at_column='_loaded_at'
) -%}
    {%- set bounds = ['-infinity', '-infinity'] -%}
    {%- if execute -%}
        {%- set days = (var(lookback_var) | int) + extra_days -%}
        {%- set row = run_query(
            'select max(' ~ this_timestamp_column ~ ') - make_interval(days => ' ~ days ~ '), max(_loaded_at) from '
            ~ this
        ).rows[0] -%}
        {%- set bounds = [row[0] or '-infinity', row[1] or '-infinity'] -%}
    {%- endif -%}
    (
        {{ timestamp_column }} >= cast('{{ bounds[0] }}' as timestamptz)
        or {{ loaded_at_column }} > cast('{{ bounds[1] }}' as timestamptz)
    )
{%- endmacro %}
