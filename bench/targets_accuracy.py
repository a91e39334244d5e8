"""Regex-only vs jieba-assisted metric finding, measured on the corpus.

    python bench/targets_accuracy.py [CORPUS_DIR]

Both methods read the same targets (numbers, units, modifiers are found the same way);
they differ only in which indicator a metric phrase is taken to name (kg/targets/metric.py):
`regex` takes the longest vocabulary label anywhere in the phrase, `jieba` segments the
phrase with a user dictionary built from the vocabulary and accepts a label only as the
head of the phrase. The gold metric of every target in the five corpus documents
(2023 plan part of the report) was checked by hand; it is keyed by file, line, value and
unit, so it survives changes in task numbering. A second, constructed set of phrases (not
from the corpus) shows the failure modes on purpose. Not part of the test suite.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

from kg.extract import get, layouts
from kg.pipeline import extract_text as extract
from kg.read import read_source
from kg.targets import HEADLINE_CUE, find_targets, targets_for
from kg.targets.metric import METHODS, MetricResolver

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVKG_CORPUS", ROOT / "examples" / "corpus"))

# file line value unit gold-metric    # metric text as read (for the reader)
GOLD = """
pinglu-2023-tasks.txt 103 6 % fiscal_revenue    # 一般公共预算收入
pinglu-2023-tasks.txt 173 8 % urban_income    # 城镇居民人均可支配收入
pinglu-2023-tasks.txt 180 4.2 % unemployment_rate    # 城镇登记失业率
pinglu-2023-tasks.txt 283 7 % gdp    # 地区生产总值
pinglu-2023-tasks.txt 290 10 % fixed_asset_investment    # 固定资产投资
pinglu-2023-tasks.txt 297 3 % cpi    # 居民消费价格涨幅
pinglu-2023-tasks.txt 311 10 % other    # 到位资金
pinglu-2023-tasks.txt 344 62 个 key_projects    # 重点项目
pinglu-2023-tasks.txt 344 236.93 亿元 other    # 总投资
pinglu-2023-tasks.txt 344 30 亿元 other    # 投资
pinglu-2023-tasks.txt 351 9 % industrial_value_added    # 规模以上工业增加值
pinglu-2023-tasks.txt 358 8 % retail_sales    # 社会消费品零售总额
pinglu-2023-tasks.txt 365 6 家 new_above_scale_enterprises    # 净增规上企业
pinglu-2023-tasks.txt 372 3 亿元 online_retail    # 网络零售额
pinglu-2023-tasks.txt 433 24 家 other    # 国有企业改革
pinglu-2023-tasks.txt 470 2500 家 new_market_entities    # 新增市场主体
pinglu-2023-tasks.txt 477 50 个 other    # 招商项目
pinglu-2023-tasks.txt 477 200 亿元 contracted_investment    # 协议总投资
pinglu-2023-tasks.txt 477 60 % project_start_rate    # 当年签约当年开工率
pinglu-2023-tasks.txt 485 2 家 specialised_smes    # 新增省级“专精特新”企业
pinglu-2023-tasks.txt 534 15 % inclusive_sme_loans    # 普惠小微贷款余额
pinglu-2023-tasks.txt 571 25 % prefab_building_share    # 装配式建筑比例
pinglu-2023-tasks.txt 655 1000 亩 other    # 处置低效用地
pinglu-2023-tasks.txt 767 9 % rural_income    # 农村居民人均可支配收入
pinglu-2023-tasks.txt 774 3 家 other    # 落户企业
pinglu-2023-tasks.txt 823 1550 户 rural_toilets    # 农村改厕
pinglu-2023-tasks.txt 844 15 个 other    # 美丽乡村
pinglu-2023-tasks.txt 858 1.5 亿元 other    # 整合各类资金
pinglu-2023-tasks.txt 996 6 条 other    # 县乡道路改造项目
pinglu-2023-tasks.txt 1050 1 所 other    # 示范性公办综合托育机构
pinglu-2023-tasks.txt 1050 80 个 childcare_places    # 托位
guxian-2023-tasks.txt 65 19 % industrial_investment    # 工业投资
guxian-2023-tasks.txt 65 15 % industrial_value_added    # 规上工业增加值
guxian-2023-tasks.txt 65 25 % four_above_enterprises    # “四上”企业数
guxian-2023-tasks.txt 65 20 % high_tech_enterprises    # 高新技术企业数
guxian-2023-tasks.txt 65 60 万元/亩 other    # 产出强度
guxian-2023-tasks.txt 69 9 个 key_projects    # 重点项目
guxian-2023-tasks.txt 91 900 亩 other    # 储备标准地
guxian-2023-tasks.txt 133 7.5 % gdp    # 地区生产总值
guxian-2023-tasks.txt 135 10 % fixed_asset_investment    # 固定资产投资
guxian-2023-tasks.txt 137 600 万吨 coal_output    # 煤炭产量
guxian-2023-tasks.txt 137 81.12 万吨 other    # 保供任务
guxian-2023-tasks.txt 145 320 亿元 other    # 谋划库规模
guxian-2023-tasks.txt 145 160 亿元 other    # 库规模
guxian-2023-tasks.txt 145 60 % other    # 产业项目投资占比
guxian-2023-tasks.txt 159 76 个 key_projects    # 重点项目
guxian-2023-tasks.txt 161 4 个 other    # 智能化工作面
guxian-2023-tasks.txt 173 10 % industrial_value_added    # 规模以上工业增加值
guxian-2023-tasks.txt 175 7 % retail_sales    # 社会消费品零售总额
guxian-2023-tasks.txt 201 30 座 other    # 乡村 5G 基站
guxian-2023-tasks.txt 207 7 家 other    # 新培育限上贸易企业
guxian-2023-tasks.txt 239 80 亿元 contracted_investment    # 引进项目总投资
guxian-2023-tasks.txt 239 80 % project_start_rate    # 开工率
guxian-2023-tasks.txt 239 10 亿元 other    # 新开工项目计划投资
guxian-2023-tasks.txt 239 10 亿元 other    # 固定资产投资到位资金
guxian-2023-tasks.txt 245 6 % fiscal_revenue    # 一般公共预算收入
guxian-2023-tasks.txt 259 - - urban_income    # 城镇居民人均可支配收入
guxian-2023-tasks.txt 263 1100 人 new_urban_jobs    # 城镇新增就业
guxian-2023-tasks.txt 269 100 人 vocational_training    # 职业技能培训
guxian-2023-tasks.txt 281 5 家 new_above_scale_enterprises    # 新培育“小升规”
guxian-2023-tasks.txt 337 50 套 affordable_housing    # 新建保障性住房
guxian-2023-tasks.txt 399 3 个 other    # 区块煤层气勘探开发
guxian-2023-tasks.txt 545 10 亿元 fixed_asset_investment    # 固定资产投资目标
guxian-2023-tasks.txt 545 80 % other    # 绿化及交安任务
guxian-2023-tasks.txt 551 17 公里 other    # 农村公路安全生命防护工程
guxian-2023-tasks.txt 637 - - rural_income    # 农村居民人均可支配收入
guxian-2023-tasks.txt 645 1 万亩 high_standard_farmland    # 高标准农田
guxian-2023-tasks.txt 647 3000 亩 other    # 节水灌溉提质改造
guxian-2023-tasks.txt 649 25 万亩 grain_sown_area    # 粮食播种面积
guxian-2023-tasks.txt 649 7000 万公斤 grain_output    # 产量
guxian-2023-tasks.txt 651 1.4 万亩 other    # 露地蔬菜
guxian-2023-tasks.txt 661 2 万亩 other    # 新发展以北柴胡为主的中药材
guxian-2023-tasks.txt 675 200 户 other    # 注册登记
guxian-2023-tasks.txt 675 1 家 other    # 培育省级家庭农场
guxian-2023-tasks.txt 675 3 家 other    # 市级
guxian-2023-tasks.txt 675 2 家 other    # 新认定市级农业龙头企业
guxian-2023-tasks.txt 685 2.17 万亩 other    # 农业生产托管
guxian-2023-tasks.txt 709 2100 户 new_market_entities    # 新增市场主体
guxian-2023-tasks.txt 709 1450 户 other    # 净增
guxian-2023-tasks.txt 715 2.8 万亩 other    # 森林抚育
guxian-2023-tasks.txt 715 0.5 万亩 other    # 生态修复
guxian-2023-tasks.txt 717 1.2 万亩 afforestation    # 长临高速连接线沿线荒山绿化
guxian-2023-tasks.txt 729 1 万亩 other    # 利用荒山荒坡发展连翘和酸枣
guxian-2023-tasks.txt 729 3000 亩 other    # “核桃+连翘”示范基地
guxian-2023-tasks.txt 749 10 个 other    # 新打造示范村
guxian-2023-tasks.txt 749 3 条 other    # 乡村振兴示范带
guxian-2023-tasks.txt 761 40 % other    # 村集体经济收入
guxian-2023-tasks.txt 761 30 万元 village_collective_income    # 村集体经济收入
guxian-2023-tasks.txt 761 70 % other    # 村经营性收入
guxian-2023-tasks.txt 817 5 个 other    # 城市游园
xixiang-2023-tasks.txt 50 13 % local_fiscal_revenue    # 地方财政收入
xixiang-2023-tasks.txt 58 8 % gdp    # 生产总值
xixiang-2023-tasks.txt 58 16 % fixed_asset_investment    # 固定资产投资
xixiang-2023-tasks.txt 66 14 % industrial_value_added    # 规上工业增加值
xixiang-2023-tasks.txt 66 12 % retail_sales    # 社会消费品零售总额
xixiang-2023-tasks.txt 74 8 % urban_income    # 城乡居民人均可支配收入
xixiang-2023-tasks.txt 74 9 % rural_income    # 城乡居民人均可支配收入
xixiang-2023-tasks.txt 84 30 个 other    # 储备政府专项债项目
xixiang-2023-tasks.txt 84 4.5 亿元 other    # 发行专债
xixiang-2023-tasks.txt 84 1 亿元 other    # 中省预算内项目投资
xixiang-2023-tasks.txt 93 120 个 key_projects    # 储备重点项目
xixiang-2023-tasks.txt 93 210 亿元 other    # 总投资
xixiang-2023-tasks.txt 111 35 个 other    # 招引亿元以上项目
xixiang-2023-tasks.txt 111 190 亿元 attracted_funds    # 到位资金
xixiang-2023-tasks.txt 121 2000 万元 other    # 项目前期经费
xixiang-2023-tasks.txt 130 110 个 key_projects    # 重点项目
xixiang-2023-tasks.txt 130 80 % project_start_rate    # 一季度开工率
xixiang-2023-tasks.txt 130 100 % project_start_rate    # 二季度开工率
xixiang-2023-tasks.txt 130 120 亿元 other    # 年度投资
xixiang-2023-tasks.txt 138 15 户 other    # 新入园企业
xixiang-2023-tasks.txt 138 100 亿元 other    # 园区产值
xixiang-2023-tasks.txt 157 42 个 other    # 工业项目
xixiang-2023-tasks.txt 176 3500 户 new_market_entities    # 新增市场主体
xixiang-2023-tasks.txt 184 35 户 other    # 新培育五上企业
xixiang-2023-tasks.txt 192 65 % private_economy_share    # 非公经济占比
xixiang-2023-tasks.txt 200 3 万亩 high_standard_farmland    # 新建高标准农田
xixiang-2023-tasks.txt 210 1700 亩 other    # 稻渔综合种养
xixiang-2023-tasks.txt 210 40 万亩 grain_sown_area    # 粮食播种面积
xixiang-2023-tasks.txt 210 10 万吨 grain_output    # 产量
xixiang-2023-tasks.txt 234 - - other    # 脱贫群众收入
xixiang-2023-tasks.txt 254 2 个 other    # 千亩以上中药材种植基地
xixiang-2023-tasks.txt 263 3 个 other    # 现代农业产业园区
xixiang-2023-tasks.txt 263 3 家 other    # 培育省级龙头企业
xixiang-2023-tasks.txt 271 3 个 other    # 新培育村(社区)集体经济组织
xixiang-2023-tasks.txt 271 20 万元 other    # 收益
xixiang-2023-tasks.txt 271 2 个 other    # 村(社区)集体经济组织
xixiang-2023-tasks.txt 271 30 万元 other    # 收益
xixiang-2023-tasks.txt 271 1 个 other    # 村(社区)集体经济组织
xixiang-2023-tasks.txt 271 50 万元 other    # 收益
xixiang-2023-tasks.txt 279 27 个 other    # 示范镇村
xixiang-2023-tasks.txt 350 4 个 other    # 茶文农旅融合示范点
xixiang-2023-tasks.txt 368 46 亿元 tourism_revenue    # 旅游综合收入
xixiang-2023-tasks.txt 386 28 亿元 ecommerce_transactions    # 电商网络交易额
xixiang-2023-tasks.txt 410 57 个 other    # “4111”项目
xixiang-2023-tasks.txt 410 16 亿元 other    # 年度投资
xixiang-2023-tasks.txt 461 331 天 air_quality_days    # 空气优良天数
xixiang-2023-tasks.txt 494 34 个 other    # “5+1”治水建设幸福河湖项目
xixiang-2023-tasks.txt 494 36 平方公里 soil_erosion_control    # 治理水土流失
xixiang-2023-tasks.txt 510 2 万亩 national_reserve_forest    # 国家储备林
xixiang-2023-tasks.txt 510 3.25 万亩 afforestation    # 营造林
xixiang-2023-tasks.txt 526 50 亿元 other    # 总资产
xixiang-2023-tasks.txt 535 20 个 other    # 基层供销服务网点
xixiang-2023-tasks.txt 551 13 家 high_tech_enterprises    # 培育高新技术企业
xixiang-2023-tasks.txt 551 30 家 tech_smes    # 科技型中小企业
xixiang-2023-tasks.txt 577 1 户 other    # 新增外贸出口企业
xixiang-2023-tasks.txt 577 3000 万元 import_export    # 进出口贸易额
xixiang-2023-tasks.txt 577 200 万美元 foreign_investment    # 外商直投
xixiang-2023-tasks.txt 586 6000 万元 startup_guarantee_loans    # 发放创业担保贷款
xixiang-2023-tasks.txt 586 2800 人 new_urban_jobs    # 城镇新增就业
xixiang-2023-tasks.txt 586 9.4 万人 labour_transfer    # 转移就业
xixiang-2023-tasks.txt 662 3 家 other    # 培育规上文化企业
xixiang-2023-tasks.txt 680 5 个 other    # 镇级区域性应急物资储备中心
xixiang-2023-tasks.txt 778 2 个 other    # 创业孵化基地
xixiang-2023-tasks.txt 778 280 家 other    # 扶持创业实体
xixiang-2023-tasks.txt 778 1500 人 other    # 带动就业
xixiang-2023-tasks.txt 778 9 场次 other    # 举办招聘活动
xixiang-2023-tasks.txt 778 2500 人次 vocational_training    # 技能培训
xixiang-2023-tasks.txt 778 5400 个 other    # 新增本地就业岗位
xixiang-2023-tasks.txt 788 20 个 old_residential_renovation    # 改造老旧小区
xixiang-2023-tasks.txt 788 8 条 other    # 背街小巷
xixiang-2023-tasks.txt 788 2 条 other    # 断头路
xixiang-2023-tasks.txt 788 8 条 other    # 线缆
xixiang-2023-tasks.txt 796 5 个 other    # 口袋公园
xixiang-2023-tasks.txt 796 7.5 万平方米 urban_green_space    # 新增城市绿地面积
xixiang-2023-tasks.txt 796 6 所 other    # 城区学校体育场
xixiang-2023-tasks.txt 809 35 公里 other    # 新建城乡燃气管网
xixiang-2023-tasks.txt 809 4000 户 other    # 新增天然气用户
xixiang-2023-tasks.txt 817 30 公里 rural_roads    # 改造农村道路
xixiang-2023-tasks.txt 817 59 公里 other    # 安防工程
xixiang-2023-tasks.txt 829 35 台 other    # 核磁共振等大型先进医疗设备
xixiang-2023-tasks.txt 829 260 张 other    # 新增床位
xixiang-2023-tasks.txt 829 30 名 other    # 引进医护人才
xixiang-2023-tasks.txt 837 810 个 other    # 城区新增幼儿学位
xixiang-2023-tasks.txt 845 10 座 other    # 新建农村公厕
xixiang-2023-tasks.txt 845 2300 座 rural_toilets    # 改造农村厕所
xixiang-2023-tasks.txt 855 17 个 other    # 镇(街道)未成年人保护关爱工作站
xixiang-2023-tasks.txt 855 17 个 other    # 镇(街道)
xixiang-2023-tasks.txt 855 215 个 other    # 村(社区)标准化便民服务中心(站)
xixiang-2023-tasks.txt 855 1 名 other    # 法律顾问
xixiang-2023-tasks.txt 855 1 名 other    # 专职调解员
xixiang-2023-tasks.txt 868 5 % dibao_urban    # 城乡低保标准
xixiang-2023-tasks.txt 868 11 % dibao_rural    # 城乡低保标准
xixiang-2023-tasks.txt 868 200 名 other    # 精神残障患者
xixiang-2023-tasks.txt 994 2 个 other    # 创成省级美丽宜居示范村
taian-2023-tasks.txt 14 7 % gdp    # 地区生产总值
taian-2023-tasks.txt 21 16 % industrial_value_added    # 规模以上工业增加值
taian-2023-tasks.txt 28 15 % fixed_asset_investment    # 固定资产投资
taian-2023-tasks.txt 36 10 % retail_sales    # 社会消费品零售总额
taian-2023-tasks.txt 43 10 % fiscal_revenue    # 一般公共预算收入
taian-2023-tasks.txt 50 - - rural_income    # 农村居民人均可支配收入
taian-2023-tasks.txt 58 55 个 key_projects    # 签约重点项目
taian-2023-tasks.txt 58 33 个 other    # 落地项目
taian-2023-tasks.txt 58 41 亿元 attracted_funds    # 到位内资
taian-2023-tasks.txt 66 2 个 other    # 每个镇街引进“飞地项目”
taian-2023-tasks.txt 73 81 个 other    # 开复工5000万元以上项目
taian-2023-tasks.txt 81 49 亿元 fixed_asset_investment    # 固定资产投资
taian-2023-tasks.txt 81 57.5 亿元 fixed_asset_investment    # 固定资产投资
taian-2023-tasks.txt 89 50 个 other    # 谋划项目
taian-2023-tasks.txt 89 5 亿元 other    # 中央预算内资金和债券资金
taian-2023-tasks.txt 126 300 亿元 industrial_output    # 规模以上工业总产值
taian-2023-tasks.txt 148 9 家 new_above_scale_enterprises    # 新增“小升规”
taian-2023-tasks.txt 148 2 家 specialised_smes    # 培育“专精特新”产品（技术）中小企业
taian-2023-tasks.txt 148 1 家 other    # 雏鹰企业
taian-2023-tasks.txt 148 1 家 high_tech_enterprises    # 高新技术企业
taian-2023-tasks.txt 155 17 个 other    # “四改”项目
taian-2023-tasks.txt 164 100 万亩 grain_sown_area    # 粮食播种面积
taian-2023-tasks.txt 164 2.92 万亩 high_standard_farmland    # 高标准农田
taian-2023-tasks.txt 164 10 万亩 other    # 黑土地保护
taian-2023-tasks.txt 164 10 亿斤 grain_output    # 粮食产量
taian-2023-tasks.txt 177 7 家 other    # 新增市级以上农业产业化龙头企业
taian-2023-tasks.txt 185 3 家 other    # 培育农业产业化联合体
taian-2023-tasks.txt 185 950 家 other    # 新型农业经营主体
taian-2023-tasks.txt 191 26 个 other    # 乡村振兴项目
taian-2023-tasks.txt 212 80 公里 rural_roads    # 大中修农村公路
taian-2023-tasks.txt 212 5 座 other    # 改造桥梁
taian-2023-tasks.txt 212 100 公里 other    # 修建“一事一议”村内道路
taian-2023-tasks.txt 220 5 处 other    # 镇级污水处理厂
taian-2023-tasks.txt 245 2 个 other    # 样板村
taian-2023-tasks.txt 245 23 个 other    # 创建省级美丽宜居村
taian-2023-tasks.txt 245 1000 户 other    # 美丽庭院
taian-2023-tasks.txt 245 89 个 other    # 绿化村屯
taian-2023-tasks.txt 308 40 公顷 other    # 保障重大项目用地
taian-2023-tasks.txt 316 10 % new_loans    # 新增贷款
taian-2023-tasks.txt 372 11.6 万平方米 other    # 盘活闲置厂房
taian-2023-tasks.txt 372 24.9 公顷 other    # 化解批而未供土地
taian-2023-tasks.txt 372 44.71 公顷 other    # 闲置土地
taian-2023-tasks.txt 372 2 宗 other    # 净地不净
taian-2023-tasks.txt 396 1000 万美元 foreign_investment    # 引进外资
taian-2023-tasks.txt 456 56 个 charging_piles    # 增设充电桩
taian-2023-tasks.txt 545 4000 人 new_urban_jobs    # 新增城镇就业
taian-2023-tasks.txt 545 3.5 % unemployment_rate    # 城镇登记失业率
taian-2023-tasks.txt 575 20 场 other    # 举办各类文体活动
taian-2023-tasks.txt 594 3 个 other    # 实现3个100%目标
taian-2023-tasks.txt 594 100 % other    # 目标
taian-2023-tasks.txt 600 200 名 other    # 公开招聘优秀师范类毕业生
taian-2023-tasks.txt 612 100 % other    # 就业率
taian-2023-tasks.txt 758 24 小时 other    # 逐步实现农村(供水)
taian-2023-tasks.txt 764 12 个 other    # 镇街村容村貌提升工程
jiaokou-2023-report.txt 58 6.5 % gdp    # 地区生产总值
jiaokou-2023-report.txt 58 6 % fiscal_revenue    # 一般公共预算收入
jiaokou-2023-report.txt 58 7 % fixed_asset_investment    # 固定资产投资
jiaokou-2023-report.txt 58 7 % retail_sales    # 社会消费品零售总额
jiaokou-2023-report.txt 58 7 % industrial_value_added    # 规上工业增加值
jiaokou-2023-report.txt 58 - - urban_income    # 城镇居民人均可支配收入
jiaokou-2023-report.txt 58 6 % rural_income    # 农村居民人均可支配收入
jiaokou-2023-report.txt 60 3 条 other    # 生产线技改
jiaokou-2023-report.txt 65 362 亩 other    # 双池园区
jiaokou-2023-report.txt 65 321 亩 other    # 水头园区一期
jiaokou-2023-report.txt 65 1500 亩 other    # 水头园区二期
jiaokou-2023-report.txt 65 900 亩 other    # 农业迪士尼
jiaokou-2023-report.txt 66 5 户 new_above_scale_enterprises    # 规上企业
jiaokou-2023-report.txt 66 1 户 high_tech_enterprises    # 高新技术企业
jiaokou-2023-report.txt 66 1 户 tech_smes    # 科技型中小企业
jiaokou-2023-report.txt 67 150 套 other    # 人才公寓
jiaokou-2023-report.txt 71 2 条 other    # 市政道路
jiaokou-2023-report.txt 76 4 个 other    # 创建市级乡村振兴示范村
jiaokou-2023-report.txt 76 1204 座 rural_toilets    # 户厕改造
jiaokou-2023-report.txt 76 8 条 other    # 自然村通公路
jiaokou-2023-report.txt 78 13.67 万亩 grain_sown_area    # 粮食播种面积
jiaokou-2023-report.txt 78 3000 万公斤 grain_output    # 产量
jiaokou-2023-report.txt 80 35 条 other    # 办好人民满意教育
jiaokou-2023-report.txt 80 5 所 other    # 寄宿制学校建设项目
jiaokou-2023-report.txt 80 1 所 other    # 普惠性幼儿园改扩建项目
jiaokou-2023-report.txt 83 45 支 other    # 培育业余文艺团队
jiaokou-2023-report.txt 83 50 名 other    # 文化带头人
jiaokou-2023-report.txt 83 42 场 other    # 免费送戏下乡
jiaokou-2023-report.txt 83 1140 场 other    # 公益电影放映
jiaokou-2023-report.txt 86 17 人 other    # 应急救援队伍招聘
jiaokou-2023-report.txt 87 2.5 公里 other    # 改造城区污水管网
jiaokou-2023-report.txt 87 8 个 other    # 农村生活污水治理工程
jiaokou-2023-report.txt 87 10 个百分点 sewage_collection_rate    # 城乡污水收集率
jiaokou-2023-report.txt 88 2 万亩 afforestation    # 人工造林
jiaokou-2023-report.txt 88 1 万亩 other    # 退化林分修复
jiaokou-2023-report.txt 88 0.52 万亩 other    # 核桃林高接换优
jiaokou-2023-report.txt 90 6 件 other    # 民生实事
jiaokou-2023-report.txt 90 3 个 other    # 便民菜市场
jiaokou-2023-report.txt 90 3 个 other    # 新建停车场
jiaokou-2023-report.txt 90 2 个 old_residential_renovation    # 老旧小区
jiaokou-2023-report.txt 90 3 处 other    # 改造提升县城
jiaokou-2023-report.txt 90 1 处 other    # 桃红坡
jiaokou-2023-report.txt 90 5 个 other    # 多功能社会运动场
jiaokou-2023-report.txt 90 10 公里 other    # 新建健身步道
"""

# constructed phrases: (phrase, gold metric or None for `other`)
PHRASES = [
    ("固定资产投资到位资金", None),
    ("固定资产投资项目", None),
    ("农村公路安全生命防护工程", None),
    ("规模以上工业增加值占地区生产总值比重", None),
    ("一般公共预算收入中税收收入占比", None),
    ("重点项目完成投资", None),
    ("规上工业企业研发机构覆盖率", None),
    ("新开工项目计划投资和固定资产投资到位资金", None),
    ("全县地区生产总值", "gdp"),
    ("单位地区生产总值能耗", "energy_intensity"),
    ("城镇居民人均可支配收入", "urban_income"),
    ("农村常住居民人均可支配收入", "rural_income"),
    ("地方财政收入", "local_fiscal_revenue"),
    ("一般公共预算收入", "fiscal_revenue"),
    ("财政总收入", "fiscal_total_revenue"),
    ("居民消费价格涨幅", "cpi"),
    ("城镇登记失业率", "unemployment_rate"),
    ("全年城镇新增就业", "new_urban_jobs"),
    ("高标准农田建设面积", "high_standard_farmland"),
    ("常住人口城镇化率", "urbanisation_rate"),
    ("森林覆盖率", "forest_coverage"),
    ("全年旅游综合收入", "tourism_revenue"),
    ("确保全年工业投资", "industrial_investment"),
    ("粮食播种面积", "grain_sown_area"),
    ("规上工业增加值", "industrial_value_added"),
]


def _gold() -> dict[tuple[str, int, str, str], list[str]]:
    table: dict[tuple[str, int, str, str], list[str]] = {}
    for row in GOLD.strip().splitlines():
        name, line, value, unit, metric = row.split("#")[0].split()
        table.setdefault((name, int(line), value, unit), []).append(metric)
    return table


def _fmt(value: object) -> str:
    return "-" if value is None else str(value)


def _extraction(path: Path):
    src = read_source(path)
    try:
        return src, extract(src)
    except Exception:  # a layout still being written: the best importable one
        best, score = None, 0.0
        for name in layouts():
            try:
                s = get(name).detect(src)
            except Exception:
                continue
            if s > score:
                best, score = name, s
        if best is None or score < 0.5:
            return src, None
        return src, extract(src, layout=best)


def _targets(path: Path, method: str):
    src, ex = _extraction(path)
    if ex is not None:
        return targets_for(ex, lines=src.lines, method=method)
    # no reader for this layout yet: a report read from its headline cue to the glossary
    out, on = [], False
    for number, line in enumerate(src.lines, 1):
        on = on or bool(HEADLINE_CUE.search(line))
        if "名 词 解 释" in line or "名词解释" in line:
            break
        if on:
            out += find_targets(line, doc=src.name, county=None, task=None, line=number,
                                method=method)
    return out


def corpus(corpus_dir: Path) -> None:
    gold = _gold()
    print(f"gold: {sum(len(v) for v in gold.values())} targets in "
          f"{len({k[0] for k in gold})} documents; "
          f"{sum(m != 'other' for v in gold.values() for m in v)} on vocabulary indicators")
    results = {}
    for method in METHODS:
        started = time.perf_counter()
        pairs, extra = [], 0
        for path in sorted(corpus_dir.glob("*.txt")):
            pending = {k: list(v) for k, v in gold.items() if k[0] == path.name}
            for t in _targets(path, method):
                key = (t.doc, t.line, _fmt(t.value), _fmt(t.unit))
                if pending.get(key):
                    pairs.append((key, pending[key].pop(0), t.metric, t.metric_text))
                else:
                    extra += 1
        missing = sum(len(v) for k, v in gold.items() if k[0] in {p[0][0] for p in pairs})
        missing -= len(pairs)
        results[method] = (pairs, extra, missing, time.perf_counter() - started)
    for method, (pairs, extra, missing, seconds) in results.items():
        right = sum(g == p for _, g, p, _ in pairs)
        vocab_gold = [(g, p) for _, g, p, _ in pairs if g != "other"]
        vocab_pred = [(g, p) for _, g, p, _ in pairs if p != "other"]
        print(f"\n[{method}] {len(pairs)} targets matched, {missing} gold not found, "
              f"{extra} not in gold, {seconds:.1f}s")
        print(f"  metric right: {right}/{len(pairs)} = {right / max(len(pairs), 1):.1%}")
        print(f"  vocabulary recall: {sum(g == p for g, p in vocab_gold)}/{len(vocab_gold)}"
              f"  precision: {sum(g == p for g, p in vocab_pred)}/{len(vocab_pred)}")
        errors = Counter()
        for key, g, p, text in pairs:
            if g != p:
                errors[(key[0], key[1], text, g, p)] += 1
        for (name, line, text, g, p), n in sorted(errors.items()):
            print(f"    {name}:{line} {text}: gold {g}, read {p}" + (f" ×{n}" if n > 1 else ""))


def phrases() -> None:
    print("\nconstructed phrases (not corpus):")
    for method in METHODS:
        res = MetricResolver(method)
        wrong = [(p, g, res.resolve(p)[0]) for p, g in PHRASES if res.resolve(p)[0] != g]
        print(f"  [{method}] {len(PHRASES) - len(wrong)}/{len(PHRASES)} right")
        for p, g, r in wrong:
            print(f"    {p}: gold {g or 'other'}, read {r or 'other'}")


if __name__ == "__main__":
    corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    phrases()
