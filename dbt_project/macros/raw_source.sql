{#-
    The raw table `raw_thelook.<table_name>`, or an empty relation with its columns when the loader has not
    created it (an export that lacks the table, e.g. farid-zafar-2025-01 has no users). Staging then builds empty
    and the relationship tests that point into it warn about the gap instead of every model failing.
    The column types are the raw data contract: SCHEMA.md's columns mapped INTEGER -> bigint, FLOAT -> double
    precision, STRING/GEOGRAPHY -> text, TIMESTAMP -> timestamptz, plus the loader's metadata columns.
-#}
{% macro raw_source(table_name, alias=none) -%}
    {%- set relation = source('thelook', table_name) -%}
    {%- if execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ log('export gap: ' ~ relation ~ ' does not exist, so it is read as an empty table', info=True) }}
        {{- raw_empty_relation(table_name) }} as {{ alias or ('missing_' ~ table_name) }}
    {%- else -%}
        {{ relation }}{{ (' as ' ~ alias) if alias else '' }}
    {%- endif -%}
{%- endmacro %}

{% macro raw_empty_relation(table_name) -%}
    {%- set columns = raw_contract()[table_name] -%}
    {%- set typed_nulls = [] -%}
    {%- for column in columns + [['_loaded_at', 'timestamptz'], ['_batch_id', 'text']] -%}
        {%- do typed_nulls.append('cast(null as ' ~ column[1] ~ ') as ' ~ column[0]) -%}
    {%- endfor -%}
    (select {{ typed_nulls | join(', ') }} where false)
{%- endmacro %}

{% macro raw_contract() -%}
    {{ return({
        'distribution_centers': [
            ['id', 'bigint'], ['name', 'text'], ['latitude', 'double precision'],
            ['longitude', 'double precision'], ['distribution_center_geom', 'text'],
        ],
        'products': [
            ['id', 'bigint'], ['cost', 'double precision'], ['category', 'text'], ['name', 'text'],
            ['brand', 'text'], ['retail_price', 'double precision'], ['department', 'text'], ['sku', 'text'],
            ['distribution_center_id', 'bigint'],
        ],
        'users': [
            ['id', 'bigint'], ['first_name', 'text'], ['last_name', 'text'], ['email', 'text'], ['age', 'bigint'],
            ['gender', 'text'], ['state', 'text'], ['street_address', 'text'], ['postal_code', 'text'],
            ['city', 'text'], ['country', 'text'], ['latitude', 'double precision'],
            ['longitude', 'double precision'], ['traffic_source', 'text'], ['created_at', 'timestamptz'],
            ['user_geom', 'text'],
        ],
        'orders': [
            ['order_id', 'bigint'], ['user_id', 'bigint'], ['status', 'text'], ['gender', 'text'],
            ['created_at', 'timestamptz'], ['returned_at', 'timestamptz'], ['shipped_at', 'timestamptz'],
            ['delivered_at', 'timestamptz'], ['num_of_item', 'bigint'],
        ],
        'order_items': [
            ['id', 'bigint'], ['order_id', 'bigint'], ['user_id', 'bigint'], ['product_id', 'bigint'],
            ['inventory_item_id', 'bigint'], ['status', 'text'], ['created_at', 'timestamptz'],
            ['shipped_at', 'timestamptz'], ['delivered_at', 'timestamptz'], ['returned_at', 'timestamptz'],
            ['sale_price', 'double precision'],
        ],
        'inventory_items': [
            ['id', 'bigint'], ['product_id', 'bigint'], ['created_at', 'timestamptz'], ['sold_at', 'timestamptz'],
            ['cost', 'double precision'], ['product_category', 'text'], ['product_name', 'text'],
            ['product_brand', 'text'], ['product_retail_price', 'double precision'],
            ['product_department', 'text'], ['product_sku', 'text'], ['product_distribution_center_id', 'bigint'],
        ],
        'events': [
            ['id', 'bigint'], ['user_id', 'bigint'], ['sequence_number', 'bigint'], ['session_id', 'text'],
            ['created_at', 'timestamptz'], ['ip_address', 'text'], ['city', 'text'], ['state', 'text'],
            ['postal_code', 'text'], ['browser', 'text'], ['traffic_source', 'text'], ['uri', 'text'],
            ['event_type', 'text'],
        ],
    }) }}
{%- endmacro %}
