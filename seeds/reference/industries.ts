import type { IndustrySeed } from '../seed.types';

/**
 * The city's two-level industry taxonomy (domain.md (e)), ordered by code (code point order).
 * Level 1 has parentCode null; a level-2 code is PARENT.CHILD. OTH's children are ours: domain.md leaves them as "OTH.*".
 */
export const INDUSTRIES: IndustrySeed[] = [
  { code: 'BIO', parentCode: null, name: '生物医药与合成生物', nameEn: 'Biomedicine and synthetic biology' },
  { code: 'BIO.DEVICE', parentCode: 'BIO', name: '医疗器械', nameEn: 'Medical devices' },
  { code: 'BIO.MAT', parentCode: 'BIO', name: '生物材料', nameEn: 'Biomaterials' },
  { code: 'BIO.PHARMA', parentCode: 'BIO', name: '生物药及制剂', nameEn: 'Biologics and pharmaceutical preparations' },
  { code: 'BIO.SYN', parentCode: 'BIO', name: '合成生物', nameEn: 'Synthetic biology' },

  { code: 'EQP', parentCode: null, name: '智能装备与机器人', nameEn: 'Intelligent equipment and robotics' },
  { code: 'EQP.AWP', parentCode: 'EQP', name: '工程机械及高空作业平台', nameEn: 'Construction machinery and aerial work platforms' },
  { code: 'EQP.HIGHEND', parentCode: 'EQP', name: '高端及专用装备', nameEn: 'High-end and special-purpose equipment' },
  { code: 'EQP.RAIL', parentCode: 'EQP', name: '轨道交通装备', nameEn: 'Rail transit equipment' },
  { code: 'EQP.ROBOT', parentCode: 'EQP', name: '机器人', nameEn: 'Robotics' },

  { code: 'IC', parentCode: null, name: '集成电路与半导体', nameEn: 'Integrated circuits and semiconductors' },
  { code: 'IC.DESIGN', parentCode: 'IC', name: '芯片设计', nameEn: 'Chip design' },
  { code: 'IC.FAB', parentCode: 'IC', name: '晶圆制造', nameEn: 'Wafer fabrication' },
  { code: 'IC.PKG', parentCode: 'IC', name: '封装测试', nameEn: 'Packaging and testing' },
  { code: 'IC.POWER', parentCode: 'IC', name: '功率半导体', nameEn: 'Power semiconductors' },

  { code: 'ICT', parentCode: null, name: '新一代信息技术', nameEn: 'Next-generation information technology' },
  { code: 'ICT.AI', parentCode: 'ICT', name: '人工智能', nameEn: 'Artificial intelligence' },
  { code: 'ICT.COMM', parentCode: 'ICT', name: '通信及模组', nameEn: 'Communications and modules' },
  { code: 'ICT.COMP', parentCode: 'ICT', name: '电子元器件', nameEn: 'Electronic components' },
  { code: 'ICT.SW', parentCode: 'ICT', name: '软件与数字经济', nameEn: 'Software and digital economy' },

  { code: 'LAE', parentCode: null, name: '低空经济', nameEn: 'Low-altitude economy' },
  { code: 'LAE.AIRCRAFT', parentCode: 'LAE', name: 'eVTOL及无人机', nameEn: 'eVTOL aircraft and drones' },
  { code: 'LAE.OPS', parentCode: 'LAE', name: '通航运营', nameEn: 'General aviation operations' },

  { code: 'MAT', parentCode: null, name: '新材料', nameEn: 'Advanced materials' },
  { code: 'MAT.CARBON', parentCode: 'MAT', name: '石墨烯及碳纤维', nameEn: 'Graphene and carbon fibre' },
  { code: 'MAT.CHEM', parentCode: 'MAT', name: '化工新材料', nameEn: 'Advanced chemical materials' },
  { code: 'MAT.METAL', parentCode: 'MAT', name: '金属材料', nameEn: 'Metallic materials' },

  { code: 'NE', parentCode: null, name: '新能源（发储送用）', nameEn: 'New energy (generation, storage, transmission, use)' },
  { code: 'NE.BAT', parentCode: 'NE', name: '动力电池及材料', nameEn: 'Power batteries and battery materials' },
  { code: 'NE.ESS', parentCode: 'NE', name: '新型储能', nameEn: 'New-type energy storage' },
  { code: 'NE.GRID', parentCode: 'NE', name: '智能电网及输变电', nameEn: 'Smart grid and power transmission' },
  { code: 'NE.H2', parentCode: 'NE', name: '氢能', nameEn: 'Hydrogen energy' },
  { code: 'NE.PV', parentCode: 'NE', name: '光伏', nameEn: 'Photovoltaics' },
  { code: 'NE.WIND', parentCode: 'NE', name: '风电', nameEn: 'Wind power' },

  { code: 'NEV', parentCode: null, name: '新能源汽车及核心零部件', nameEn: 'New energy vehicles and core components' },
  { code: 'NEV.EDS', parentCode: 'NEV', name: '电驱及动力总成', nameEn: 'Electric drives and powertrains' },
  { code: 'NEV.ELEC', parentCode: 'NEV', name: '汽车电子、智能座舱及车灯', nameEn: 'Automotive electronics, smart cockpits and lighting' },
  { code: 'NEV.LIGHT', parentCode: 'NEV', name: '轻量化及车身内饰', nameEn: 'Lightweighting, body and interiors' },
  { code: 'NEV.VEH', parentCode: 'NEV', name: '整车', nameEn: 'Complete vehicles' },

  { code: 'OTH', parentCode: null, name: '其他及传统产业', nameEn: 'Other and traditional industries' },
  { code: 'OTH.MFG', parentCode: 'OTH', name: '传统制造业', nameEn: 'Traditional manufacturing' },
  { code: 'OTH.OTHER', parentCode: 'OTH', name: '其他', nameEn: 'Other' },

  { code: 'PUB', parentCode: null, name: '基础设施与民生', nameEn: 'Infrastructure and public welfare' },
  { code: 'PUB.ECO', parentCode: 'PUB', name: '生态环保', nameEn: 'Ecology and environmental protection' },
  { code: 'PUB.ENERGY', parentCode: 'PUB', name: '能源基础设施', nameEn: 'Energy infrastructure' },
  { code: 'PUB.SOCIAL', parentCode: 'PUB', name: '社会事业（医疗、教育）', nameEn: 'Social facilities (health, education)' },
  { code: 'PUB.TRANS', parentCode: 'PUB', name: '交通基础设施', nameEn: 'Transport infrastructure' },
  { code: 'PUB.URBAN', parentCode: 'PUB', name: '城市建设与更新', nameEn: 'Urban construction and renewal' },

  { code: 'SVC', parentCode: null, name: '现代服务业', nameEn: 'Modern services' },
  { code: 'SVC.HQ', parentCode: 'SVC', name: '总部经济', nameEn: 'Headquarters' },
  { code: 'SVC.LOG', parentCode: 'SVC', name: '现代物流', nameEn: 'Logistics' },
  { code: 'SVC.RD', parentCode: 'SVC', name: '研发及孵化载体', nameEn: 'R&D and incubation facilities' },
];
